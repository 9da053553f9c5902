using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The features scaled in the micro-batch mode as in memory: <see cref="NumericScaling.Standard"/> with
/// <see cref="BackpropTrainer.Options.StandardizeFeatures"/> (the counting pass's μ and σ applied to every row read, then
/// folded into the first layer) and <see cref="NumericScaling.RobustSmoothClip"/>, the automatic scaling there (the
/// in-memory medians and quartiles, stored in the model's first part); bit-identical for one thread or two, saved and
/// reloaded alike, and the features as given with StandardizeFeatures off.</summary>
public class BackpropTrainerMicroBatchScalingTests
{
    private static readonly MLContext Ml = new(seed: 0);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? change = null, int threads = 1)
    {
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [16], BatchSize = 32, MicroBatchSize = 8, NumberOfEpochs = 8, Seed = 3, NumberOfThreads = threads, ValidationFraction = 0.2f,
            NumericEncoding = NumericEncoding.None,
        };
        change?.Invoke(options);
        return options;
    }

    private static int[] Bits(BackpropModel model) =>
        model.Network.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Bias.ToArray())).Select(BitConverter.SingleToInt32Bits).ToArray();

    private static float[] Scores(ITransformer model, IDataView data) => model.Transform(data).GetColumn<float>("Score").ToArray();

    [Fact]
    public void Fit_MicroBatchDefaults_ComposedStageOnTheDensePath()
    {
        var model = new BackpropTrainer(Ml, new BackpropTrainer.Options { HiddenLayers = [8], BatchSize = 32, MicroBatchSize = 8, NumberOfEpochs = 2, Seed = 3 })
            .Fit(Ml.Data.LoadFromEnumerable(Tabular.WildScales(200, 6))).Model;

        model.Network.Input.Describe().Select(p => p.Kind).ShouldBe([InputKind.PiecewiseLinear, InputKind.Periodic]);
        model.History.Settings!.NumericScaling.ShouldBe(NumericScaling.RobustSmoothClip);
        model.History.Settings.NumericEncoding.ShouldBe(NumericEncoding.PiecewiseLinearAndPeriodic);
        model.History.Settings.LearnedFeatureScales.ShouldBe(true);
    }

    [Fact]
    public void Fit_MicroBatchDefaultsWithExplicitNone_RobustlyScaledAndClipped()
    {
        var model = new BackpropTrainer(Ml, new BackpropTrainer.Options
        {
            HiddenLayers = [8], BatchSize = 32, MicroBatchSize = 8, NumberOfEpochs = 2, Seed = 3, NumericEncoding = NumericEncoding.None,
        }).Fit(Ml.Data.LoadFromEnumerable(Tabular.WildScales(200, 6))).Model;

        model.Network.Input.Describe().ShouldHaveSingleItem().Kind.ShouldBe(InputKind.ClippedDense);
        model.History.Settings!.NumericScaling.ShouldBe(NumericScaling.RobustSmoothClip);
    }

    [Fact]
    public void Fit_MicroBatchStandard_TrainsAsOnTheFeaturesStandardisedBeforehand()
    {
        // The map computed here, independently (population moments in double, as the counting pass: x → (x − μ)·(1/σ) in
        // float), applied to the rows before a fit with StandardizeFeatures off: the same rows reach the network, so the
        // losses match and the folded model scores the raw rows as the other scores the standardised ones.
        var rows = Tabular.WildScales(400, 1);
        var mean = Enumerable.Range(0, 4).Select(j => rows.Average(r => (double)r.Features[j])).ToArray();
        var inverse = Enumerable.Range(0, 4).Select(j => (float)(1.0 / Math.Sqrt(rows.Average(r => Math.Pow(r.Features[j] - mean[j], 2))))).ToArray();
        List<TabularRow> Standardised(List<TabularRow> given) => given.Select(r =>
        {
            r.Features = r.Features.Select((x, j) => (x - (float)mean[j]) * inverse[j]).ToArray();
            return r;
        }).ToList();
        var data = Ml.Data.LoadFromEnumerable(rows);
        var standardisedData = Ml.Data.LoadFromEnumerable(Standardised(Tabular.WildScales(400, 1)));

        var model = new BackpropTrainer(Ml, Options(o => o.NumericScaling = NumericScaling.Standard)).Fit(data);
        var beforehand = new BackpropTrainer(Ml, Options(o => o.StandardizeFeatures = false)).Fit(standardisedData);

        model.Model.History.Settings!.StandardizedFeatures.ShouldBeTrue();
        beforehand.Model.History.Settings!.StandardizedFeatures.ShouldBeFalse();
        var (losses, expected) = (model.Model.History.Epochs.Select(e => e.TrainingLoss).ToArray(), beforehand.Model.History.Epochs.Select(e => e.TrainingLoss).ToArray());
        losses.Length.ShouldBe(expected.Length);
        for (int e = 0; e < losses.Length; e++) losses[e].ShouldBe(expected[e], 1e-5 * Math.Max(1, expected[e]));
        var (scores, reference) = (Scores(model, data), Scores(beforehand, standardisedData));
        for (int i = 0; i < scores.Length; i++) scores[i].ShouldBe(reference[i], 1e-3f);
    }

    [Fact]
    public void Fit_MicroBatchOnWildScales_StandardisedLearnsWhereTheRawFeaturesDoNot()
    {
        var train = Ml.Data.LoadFromEnumerable(Tabular.WildScales(800, 2));
        var test = Ml.Data.LoadFromEnumerable(Tabular.WildScales(400, 3));
        double Auc(Action<BackpropTrainer.Options> change) =>
            Ml.BinaryClassification.EvaluateNonCalibrated(new BackpropTrainer(Ml, Options(o => { change(o); o.NumberOfEpochs = 20; })).Fit(train).Transform(test)).AreaUnderRocCurve;

        double standardised = Auc(o => o.NumericScaling = NumericScaling.Standard), robust = Auc(o => o.NumericScaling = NumericScaling.RobustSmoothClip), raw = Auc(o => o.StandardizeFeatures = false);

        standardised.ShouldBeGreaterThan(0.8, $"robust {robust}, raw {raw}");
        robust.ShouldBeGreaterThan(0.8, $"standardised {standardised}, raw {raw}");
        raw.ShouldBeLessThan(standardised - 0.2, $"robust {robust}"); // x0 ≈ 3e5 saturates the first layer
    }

    [Fact]
    public void Fit_MicroBatchRobustSmoothClip_StoresTheInMemoryMapAndScoresTheRawRowsThroughIt()
    {
        var rows = Tabular.WildScales(400, 4);
        var data = Ml.Data.LoadFromEnumerable(rows);
        var model = new BackpropTrainer(Ml, Options(o => { o.NumericScaling = NumericScaling.RobustSmoothClip; o.LabelColumnName = "Value"; })).Fit(data);
        var inMemory = Ml.Regression.Trainers.Backprop(new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 1, Seed = 3, EnsembleSize = 1, NumericEncoding = NumericEncoding.None,
            NumericScaling = NumericScaling.RobustSmoothClip,
        }).Fit(data);

        var part = model.Model.Network.Input.Describe().ShouldHaveSingleItem();
        part.Kind.ShouldBe(InputKind.ClippedDense);
        var features = rows.SelectMany(r => r.Features).ToArray();
        var expected = RobustClip.Compute(features, rows.Count, 4); // the medians and quartiles of every row given to Fit
        part.Clip!.Centers.ToArray().ShouldBe(expected.Centers.ToArray());
        part.Clip.InverseScales.ToArray().ShouldBe(expected.InverseScales.ToArray());
        var inMemoryClip = inMemory.Model.Network.Input.Describe().Single().Clip!;
        part.Clip.Centers.ToArray().ShouldBe(inMemoryClip.Centers.ToArray());
        part.Clip.InverseScales.ToArray().ShouldBe(inMemoryClip.InverseScales.ToArray());
        model.Model.History.Settings!.StandardizedFeatures.ShouldBeFalse(); // the clip replaces the standardisation
        model.Model.History.Settings.NumericScaling.ShouldBe(NumericScaling.RobustSmoothClip);
        // Nothing else is folded in: the network on the raw rows is the model.
        var outputs = new float[rows.Count];
        model.Model.Network.Predict(features, outputs, rows.Count);
        var scores = Scores(model, data);
        for (int r = 0; r < rows.Count; r++) scores[r].ShouldBe(outputs[r] * model.Model.TargetScale + model.Model.TargetOffset, 1e-5f, $"row {r}");
    }

    [Theory]
    [InlineData(NumericScaling.Standard)]
    [InlineData(NumericScaling.RobustSmoothClip)]
    public void Fit_MicroBatchScaled_OneThreadOrTwoBitIdenticalAndReloadsScoringTheSame(NumericScaling scaling)
    {
        var data = Ml.Data.LoadFromEnumerable(Tabular.WildScales(400, 5));
        BackpropTransformer Train(int threads) => new BackpropTrainer(Ml, Options(o => o.NumericScaling = scaling, threads)).Fit(data);

        var one = Train(1);
        var two = Train(2);

        Bits(two.Model).ShouldBe(Bits(one.Model));
        one.Model.History.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
        var loaded = SavedAndLoaded.Reload(Ml, one, data.Schema);
        Scores(loaded, data).ShouldBe(Scores(one, data));
    }

    /// <summary>The encoded stages in the micro-batch mode (the embedded slots and bins from the rows in memory, the learned
    /// scales folded into the first layer once trained): the same bits for one thread or two, and the saved model scores as
    /// the trained one.</summary>
    [Theory]
    [InlineData(NumericEncoding.PiecewiseLinearAndPeriodic)]
    [InlineData(NumericEncoding.Periodic)]
    [InlineData(NumericEncoding.None)]
    public void Fit_MicroBatchEncodedStage_OneThreadOrTwoBitIdenticalAndReloadsScoringTheSame(NumericEncoding encoding)
    {
        var data = Ml.Data.LoadFromEnumerable(Tabular.WildScales(400, 7));
        void Encoded(BackpropTrainer.Options o)
        {
            (o.NumericEncoding, o.NumericScaling, o.LearnFeatureScales) = (encoding, NumericScaling.RobustSmoothClip, true);
            if (encoding == NumericEncoding.PiecewiseLinearAndPeriodic) (o.NumericBinning, o.NumericBins) = (NumericBinning.Supervised, 8);
        }
        BackpropTransformer Train(int threads) => new BackpropTrainer(Ml, Options(Encoded, threads)).Fit(data);

        var one = Train(1);
        var two = Train(2);

        one.Model.Network.Input.Describe().Select(p => p.Kind).ToArray().ShouldBe(encoding switch
        {
            NumericEncoding.PiecewiseLinearAndPeriodic => [InputKind.PiecewiseLinear, InputKind.Periodic],
            NumericEncoding.Periodic => [InputKind.Periodic],
            _ => [InputKind.ClippedDense],
        });
        one.Model.Network.Input.Describe().ShouldAllBe(p => !p.ScalesRows); // folded in
        one.Model.History.Settings!.LearnedFeatureScales.ShouldBe(true);
        Bits(two.Model).ShouldBe(Bits(one.Model));
        one.Model.Network.Input.Parameters.SelectMany(p => p.Values).ShouldBe(two.Model.Network.Input.Parameters.SelectMany(p => p.Values));
        var loaded = SavedAndLoaded.Reload(Ml, one, data.Schema);
        Scores(loaded, data).ShouldBe(Scores(one, data));
    }
}
