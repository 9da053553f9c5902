using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The label (regression) and the features standardised inside the trainer: scores in the label's units,
/// saved and reloaded; labels of any size; the feature map folded into the first layer.</summary>
public class BackpropTrainerStandardizationTests
{
    private static readonly MLContext Ml = new(seed: 1);

    /// <summary>Tabular rows whose Value is moved to natural units: mean ≈ <paramref name="offset"/>, spread × <paramref name="scale"/>.</summary>
    private static IDataView Scaled(int rows, ulong seed, float offset, float scale) =>
        Ml.Data.LoadFromEnumerable(Tabular.Rows(rows, seed).Select(r => { r.Value = offset + scale * r.Value; return r; }).ToList());

    private static BackpropTrainer.Options Regression() => new() { LabelColumnName = "Value", HiddenLayers = [16], Seed = 1, EnsembleSize = 1 };

    [Fact]
    public void Fit_LabelInNaturalUnits_ScoresInItsUnitsAndReloadsBitIdentical()
    {
        var train = Scaled(800, 1, offset: 150f, scale: 77f);
        var test = Scaled(300, 2, offset: 150f, scale: 77f);
        var model = Ml.Regression.Trainers.Backprop(Regression()).Fit(train);

        model.Model.TargetOffset.ShouldBe((float)Labels(train).Average(), 1e-3f);
        model.Model.TargetScale.ShouldBe(StandardDeviation(Labels(train)), 1e-3f);
        var scored = model.Transform(test);
        Ml.Regression.Evaluate(scored, "Value").RSquared.ShouldBeGreaterThan(0.8);
        Scores(scored).Average().ShouldBe(Labels(test).Average(), 15);

        var loaded = SavedAndLoaded.Reload(Ml, model, train.Schema);
        var reloaded = SavedAndLoaded.ModelOf(loaded);
        reloaded.TargetOffset.ShouldBe(model.Model.TargetOffset);
        reloaded.TargetScale.ShouldBe(model.Model.TargetScale);
        Scores(loaded.Transform(test)).ShouldBe(Scores(scored)); // bit for bit
    }

    [Fact]
    public void Fit_LabelStandardisationOff_ModelKeepsIdentityAndLearnsLess()
    {
        var train = Scaled(800, 1, offset: 150f, scale: 77f);
        var test = Scaled(300, 2, offset: 150f, scale: 77f);
        var options = Regression();
        options.StandardizeLabel = false;
        options.NumberOfEpochs = 20;
        var raw = Ml.Regression.Trainers.Backprop(options).Fit(train);
        options.StandardizeLabel = true;
        var standardised = Ml.Regression.Trainers.Backprop(options).Fit(train);

        raw.Model.TargetOffset.ShouldBe(0f);
        raw.Model.TargetScale.ShouldBe(1f);
        double R2(ITransformer m) => Ml.Regression.Evaluate(m.Transform(test), "Value").RSquared;
        R2(standardised).ShouldBeGreaterThan(R2(raw) + 0.1); // the output layer cannot grow to a mean of 150 in 20 epochs
    }

    [Fact]
    public void Fit_LabelsOf1e19_TrainAndScoreInTheirUnits()
    {
        var train = Scaled(800, 1, offset: 1e19f, scale: 1e18f);
        var model = Ml.Regression.Trainers.Backprop(Regression()).Fit(train);
        var scored = model.Transform(Scaled(300, 2, offset: 1e19f, scale: 1e18f));

        Scores(scored).ShouldAllBe(s => float.IsFinite(s) && s > 5e18f && s < 2e19f);
        Ml.Regression.Evaluate(scored, "Value").RSquared.ShouldBeGreaterThan(0.8);
        model.Model.History.Epochs.ShouldAllBe(e => double.IsFinite(e.TrainingLoss) && e.TrainingLoss < 10); // standardised units
    }

    [Theory]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Fit_InfiniteLabel_ThrowsNamingColumnAndRow(float bad)
    {
        var rows = Tabular.Rows(50, 1);
        rows[17].Value = bad;
        var ex = Should.Throw<InvalidOperationException>(() => Ml.Regression.Trainers.Backprop(Regression()).Fit(Ml.Data.LoadFromEnumerable(rows)));
        ex.Message.ShouldContain("'Value'");
        ex.Message.ShouldContain("row 17");
    }

    [Fact]
    public void Fit_CentringNormaliserUpstream_FeatureStandardisationIsANoOp()
    {
        var data = Ml.Transforms.NormalizeMeanVariance("Features", fixZero: false).Fit(Scaled(500, 3, 0, 1)).Transform(Scaled(500, 3, 0, 1));
        float[] Weights(bool standardize)
        {
            var options = Regression();
            options.StandardizeFeatures = standardize;
            options.NumberOfEpochs = 5;
            return Ml.Regression.Trainers.Backprop(options).Fit(data).Model.Network.Layers[0].Weights.ToArray();
        }
        Weights(true).ShouldBe(Weights(false)); // bit for bit
    }

    [Fact]
    public void Fit_FeaturesFarFromUnitScale_FoldedModelTakesRawFeaturesAndLearnsAsOnNormalisedOnes()
    {
        var rows = Tabular.Rows(1000, 4);
        var wide = rows.Select(r => new TabularRow { Features = [.. r.Features.Select((x, i) => 500f + 1000f * (i + 1) * x)], Label = r.Label }).ToList();
        var data = Ml.Data.LoadFromEnumerable(wide);
        // The plain stage, whose scaling StandardizeFeatures is (the default Auto's robust scaling ignores it).
        var options = new BackpropTrainer.Options { HiddenLayers = [16], Seed = 2, EnsembleSize = 1, NumberOfEpochs = 30, NumericEncoding = NumericEncoding.None };

        var model = Ml.BinaryClassification.Trainers.Backprop(options).Fit(data);
        double auc = Ml.BinaryClassification.Evaluate(model.Transform(data)).AreaUnderRocCurve;
        options.StandardizeFeatures = false;
        double unscaled = Ml.BinaryClassification.Evaluate(Ml.BinaryClassification.Trainers.Backprop(options).Fit(data).Transform(data)).AreaUnderRocCurve;

        auc.ShouldBeGreaterThan(0.95);
        auc.ShouldBeGreaterThan(unscaled + 0.05);
        // The transformer scores raw features with the network alone: the map lives in the first layer.
        var features = wide.SelectMany(r => r.Features).ToArray();
        var logits = new float[wide.Count];
        model.Model.Network.Predict(features, logits, wide.Count);
        Scores(model.Transform(data)).ShouldBe(logits);
    }

    private static float[] Labels(IDataView data) => data.GetColumn<float>("Value").ToArray();

    private static float[] Scores(IDataView scored) => scored.GetColumn<float>("Score").ToArray();

    private static float StandardDeviation(float[] values)
    {
        double mean = values.Average(v => (double)v);
        return (float)Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
