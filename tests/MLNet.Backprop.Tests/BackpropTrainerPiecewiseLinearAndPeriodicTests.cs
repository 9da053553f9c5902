using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary><see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/> end to end: the feature vector enters twice, encoded on
/// its bins (raw values) and embedded (its standardisation stored in the periodic part), each part with its own rows of
/// the first layer; the model saves and reloads bit for bit, training is bit-identical for any thread count, and the
/// modes the embeddings do not support are refused. The rows' fourth feature is 0/1: it passes through the periodic part.</summary>
public class BackpropTrainerPiecewiseLinearAndPeriodicTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 5, Seed = 2, EnsembleSize = 1,
            NumericEncoding = NumericEncoding.PiecewiseLinearAndPeriodic, NumericBins = 8, NumericBinning = NumericBinning.Supervised,
            PeriodicFrequencies = 8, PeriodicScale = 0.2f,
        };
        set?.Invoke(options);
        return options;
    }

    // The periodic tests' rows: features far from standardised, the fourth 0/1.
    private static List<TabularRow> RawRows(int count, ulong seed) => BackpropTrainerPeriodicTests.RawRows(count, seed);

    [Fact]
    public void Fit_PiecewiseLinearAndPeriodic_BothPartsReadTheFeatureVector()
    {
        var train = RawRows(600, 1);
        var model = Ml.Regression.Trainers.Backprop(Options(o => o.NumberOfEpochs = 30)).Fit(Ml.Data.LoadFromEnumerable(train));

        var parts = model.Model.Network.Input.Describe();
        parts.Select(p => p.Kind).ShouldBe([InputKind.PiecewiseLinear, InputKind.Periodic]);
        parts[0].Bins!.Edges(0).ToArray().ShouldAllBe(e => e > 300f); // raw units: the features were not standardised
        var settings = parts[1].PeriodicSettings!;
        settings.Embedded.ShouldBe([0, 1, 2]);
        settings.PassThrough.ShouldBe([3]);
        settings.Offsets[0].ShouldBe((float)train.Average(r => (double)r.Features[0]), 0.01f);
        settings.InverseScales[0].ShouldBe(1 / 40f, 0.003f);
        model.Model.Network.Layers[0].InputSize.ShouldBe(parts[0].Bins!.TotalBins + 3 * Defaults.PeriodicWidth + 1);
        Ml.Regression.Evaluate(model.Transform(Ml.Data.LoadFromEnumerable(RawRows(300, 2))), "Value").RSquared.ShouldBeGreaterThan(0.8);
    }

    [Fact]
    public void Fit_AnyThreadCount_BitIdenticalWeights()
    {
        var data = Ml.Data.LoadFromEnumerable(RawRows(600, 1));

        ThreadCountFits.ShouldBeBitIdenticalForAnyThreadCount(threads =>
            Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfEpochs = 4; o.NumberOfThreads = threads; o.HiddenLayers = [64]; })).Fit(data).Model);
    }

    [Fact]
    public void SaveBackprop_PiecewiseLinearAndPeriodic_ReloadsBothPartsAndScoresBitIdentical()
    {
        var train = Ml.Data.LoadFromEnumerable(RawRows(400, 1));
        var test = Ml.Data.LoadFromEnumerable(RawRows(200, 2));
        var model = Ml.Regression.Trainers.Backprop(Options(o => o.EnsembleSize = 2)).Fit(train);

        var loaded = SavedAndLoaded.Reload(Ml, model, train.Schema);

        var reloaded = SavedAndLoaded.ModelOf(loaded);
        for (int n = 0; n < 2; n++)
        {
            var parts = reloaded.Networks[n].Input.Describe();
            parts.Select(p => p.Kind).ShouldBe([InputKind.PiecewiseLinear, InputKind.Periodic]);
            parts[1].PeriodicSettings!.Offsets.ShouldBe(model.Model.Networks[n].Input.Describe()[1].PeriodicSettings!.Offsets);
        }
        Scored.Values(loaded, test).ShouldBe(Scored.Values(model, test)); // bit for bit
    }

    [Fact]
    public void Fit_WithRobustScalingAndScales_BinsReadRawValuesEmbeddingsClippedOnesAndReloadBitIdentical()
    {
        var train = Ml.Data.LoadFromEnumerable(RawRows(600, 1));
        var test = Ml.Data.LoadFromEnumerable(RawRows(300, 2));
        var model = Ml.Regression.Trainers.Backprop(Options(o =>
        {
            o.NumberOfEpochs = 30; o.EnsembleSize = 2; o.NumericScaling = NumericScaling.RobustSmoothClip; o.LearnFeatureScales = true;
        })).Fit(train);

        var parts = model.Model.Networks[0].Input.Describe();
        parts.Select(p => p.Kind).ShouldBe([InputKind.PiecewiseLinear, InputKind.Periodic]);
        parts[0].Bins!.Edges(0).ToArray().ShouldAllBe(e => e > 300f); // the bins stay on the raw values
        parts[0].Clip.ShouldBeNull();
        parts[1].Clip.ShouldNotBeNull(); // the embeddings read the clipped values, not a standardisation
        Ml.Regression.Evaluate(model.Transform(test), "Value").RSquared.ShouldBeGreaterThan(0.8);

        var loaded = SavedAndLoaded.Reload(Ml, model, train.Schema);

        Scored.Values(loaded, test).ShouldBe(Scored.Values(model, test)); // bit for bit
    }

    [Theory]
    [InlineData("SparseInput")]
    public void Constructor_UnsupportedMode_ThrowsNamingTheEncoding(string option)
    {
        // In every mode on the dense path it trains (streamed: BackpropTrainerInputStageStreamingTests).
        var options = Options(o =>
        {
            if (option == "SparseInput") o.SparseInput = true;
        });

        var e = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(Ml, options));

        e.ParamName.ShouldBe("NumericEncoding");
        e.Message.ShouldContain("PiecewiseLinearAndPeriodic is supported");
        e.Message.ShouldContain($"{option} is");
    }
}
