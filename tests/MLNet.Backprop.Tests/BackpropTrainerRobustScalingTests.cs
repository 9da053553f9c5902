using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary><see cref="NumericScaling.RobustSmoothClip"/> end to end: the stored map is the training rows' medians and
/// quartile ranges, scoring clips raw rows with it, the model saves and reloads bit for bit and the features are not also
/// standardised. The modes it does not support: <see cref="BackpropTrainerDensePathOptionsTests"/>.</summary>
public class BackpropTrainerRobustScalingTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 30, Seed = 2, EnsembleSize = 1, NumericScaling = NumericScaling.RobustSmoothClip,
            NumericEncoding = NumericEncoding.None, // the scaling alone (the default Auto would embed the clipped features)
        };
        set?.Invoke(options);
        return options;
    }

    /// <summary>The generated rows with their features far from standardised and one outlier per hundred rows.</summary>
    private static List<TabularRow> RawRows(int count, ulong seed) => Tabular.Rows(count, seed).Select((r, i) =>
    {
        r.Features = [40f * r.Features[0] + 500f, 0.01f * r.Features[1], r.Features[2] - 7f, i % 100 == 0 ? 1e4f : r.Features[3]];
        return r;
    }).ToList();

    [Fact]
    public void Fit_RobustSmoothClip_StoresTheMediansAndScoresRawRowsAsTheNetworkOnClippedRows()
    {
        var train = RawRows(400, 1);
        var test = RawRows(200, 2);
        var model = Ml.Regression.Trainers.Backprop(Options()).Fit(Ml.Data.LoadFromEnumerable(train));

        var part = model.Model.Network.Input.Describe().ShouldHaveSingleItem();
        part.Kind.ShouldBe(InputKind.ClippedDense);
        var expected = RobustClip.Compute(train.SelectMany(r => r.Features).ToArray(), train.Count, 4);
        part.Clip!.Centers.ToArray().ShouldBe(expected.Centers.ToArray());
        part.Clip.InverseScales.ToArray().ShouldBe(expected.InverseScales.ToArray());
        part.Clip.InverseScales[0].ShouldBe(1f / (40f * 1.349f), 0.003f); // a normal's quartile range is 1.349σ
        // Nothing else is folded in: the network on the raw rows is the model.
        var features = test.SelectMany(r => r.Features).ToArray();
        var logits = new float[test.Count];
        model.Model.Network.Predict(features, logits, test.Count);
        var scores = Scored.Values(model, Ml.Data.LoadFromEnumerable(test));
        for (int r = 0; r < test.Count; r++) scores[r].ShouldBe(logits[r] * model.Model.TargetScale + model.Model.TargetOffset, 1e-5f, $"row {r}");
        Ml.Regression.Evaluate(model.Transform(Ml.Data.LoadFromEnumerable(test)), "Value").RSquared.ShouldBeGreaterThan(0.1); // it learns (the mean scores 0)
    }

    [Fact]
    public void Fit_WithLearnedScales_ModelHoldsAClippedBlock()
    {
        var model = Ml.Regression.Trainers.Backprop(Options(o => { o.LearnFeatureScales = true; o.NumberOfEpochs = 3; }))
            .Fit(Ml.Data.LoadFromEnumerable(RawRows(300, 1)));

        model.Model.Network.Input.Describe().ShouldHaveSingleItem().Kind.ShouldBe(InputKind.ClippedDense);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SaveBackprop_RobustSmoothClip_ReloadsWithTheMapAndScoresBitIdentical(bool learnFeatureScales)
    {
        var train = Ml.Data.LoadFromEnumerable(RawRows(400, 1));
        var test = Ml.Data.LoadFromEnumerable(RawRows(200, 2));
        var model = Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfEpochs = 5; o.EnsembleSize = 2; o.LearnFeatureScales = learnFeatureScales; })).Fit(train);

        var loaded = SavedAndLoaded.Reload(Ml, model, train.Schema);

        var reloaded = SavedAndLoaded.ModelOf(loaded);
        reloaded.Networks[1].Input.Describe()[0].Clip!.Centers.ToArray().ShouldBe(model.Model.Networks[1].Input.Describe()[0].Clip!.Centers.ToArray());
        Scored.Values(loaded, test).ShouldBe(Scored.Values(model, test)); // bit for bit
    }

    [Fact]
    public void Fit_AnyThreadCount_BitIdenticalWeights()
    {
        var data = Ml.Data.LoadFromEnumerable(RawRows(600, 1));

        ThreadCountFits.ShouldBeBitIdenticalForAnyThreadCount(threads =>
            Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfEpochs = 4; o.NumberOfThreads = threads; o.HiddenLayers = [64]; o.EnsembleSize = 2; })).Fit(data).Model);
    }
}
