using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The default input stage (<see cref="NumericEncoding.Auto"/>, <see cref="NumericScaling.Auto"/>) end to end:
/// the issue-25 composition on the dense path in every mode (both encodings on 32 supervised bins, robust scaling,
/// learned scales), the same model bit for bit as the explicit options (streamed: BackpropTrainerInputStageStreamingTests;
/// micro-batch: BackpropTrainerMicroBatchScalingTests); the plain stage on
/// the sparse path, bit for bit as an explicit <see cref="NumericEncoding.None"/>
/// (the cluster: the distributed package's tests). The resolution rule itself: FitPlanTests.</summary>
public class BackpropTrainerAutoInputStageTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options { LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 6, Seed = 2, EnsembleSize = 2 };
        set?.Invoke(options);
        return options;
    }

    /// <summary>The generated rows in raw units, one heavy tail and a 0/1 feature (which the embeddings pass through).</summary>
    private static IDataView RawRows(int count, ulong seed) => Ml.Data.LoadFromEnumerable(Tabular.Rows(count, seed)
        .Select(r => { r.Features = [40f * r.Features[0] + 500f, MathF.Exp(2f * r.Features[1]), r.Features[2] - 7f, r.Features[3] > 0 ? 1f : 0f]; return r; }).ToList());

    private static BackpropModel Fit(BackpropTrainer.Options options, IDataView data) => Ml.Regression.Trainers.Backprop(options).Fit(data).Model;

    private static void ShouldBeTheSameModel(BackpropModel actual, BackpropModel expected) => SameModel.ShouldBeTheSameModel(actual, expected);

    /// <summary>The explicit options of the automatic stage in memory on the dense path ("both32").</summary>
    private static void Both32(BackpropTrainer.Options o)
    {
        o.NumericEncoding = NumericEncoding.PiecewiseLinearAndPeriodic;
        o.NumericBinning = NumericBinning.Supervised;
        o.NumericBins = 32;
        o.NumericScaling = NumericScaling.RobustSmoothClip;
        o.LearnFeatureScales = true;
    }

    [Fact]
    public void Fit_DefaultsInMemoryDense_SameModelAsTheExplicitBoth32Stage()
    {
        var data = RawRows(400, 1);

        var auto = Fit(Options(), data);
        var both32 = Fit(Options(Both32), data);

        auto.Network.Input.Describe().Select(d => d.Kind).ShouldBe([InputKind.PiecewiseLinear, InputKind.Periodic]);
        auto.Network.Input.Describe()[1].Clip.ShouldNotBeNull();
        ShouldBeTheSameModel(auto, both32);
        auto.History.Settings!.StandardizedFeatures.ShouldBeFalse(); // the robust scaling and the bins replace it
    }

    [Fact]
    public void Fit_DefaultsWithOtherNumericBins_IgnoredAsTheAutomaticBinsAreItsOwn()
    {
        // NumericBins is an explicit piecewise-linear encoding's: the automatic stage keeps its 32 supervised bins.
        var data = RawRows(300, 1);

        var auto = Fit(Options(o => o.NumericBins = 4), data);
        var both32 = Fit(Options(Both32), data);

        ShouldBeTheSameModel(auto, both32);
    }

    [Fact]
    public void Fit_ExplicitPiecewiseLinearAndPeriodic_KeepsTheOptionsBins()
    {
        // An explicit encoding's bins are the options' (here quantiles, 16 by default), not the automatic stage's.
        var data = RawRows(300, 1);

        var explicitly = Fit(Options(o => { o.NumericEncoding = NumericEncoding.PiecewiseLinearAndPeriodic; o.NumericScaling = NumericScaling.RobustSmoothClip; o.LearnFeatureScales = true; }), data);
        var both32 = Fit(Options(Both32), data);

        var (bins, bins32) = (explicitly.Network.Input.Describe()[0].Bins!, both32.Network.Input.Describe()[0].Bins!);
        bins.Edges(0).Length.ShouldBe(17); // 16 quantile bins of a continuous feature
        bins.Edges(0).ToArray().ShouldNotBe(bins32.Edges(0).ToArray());
    }

    [Fact]
    public void Fit_DefaultsOnConstantFeatures_FallsBackToThePlainClippedBlock()
    {
        // No feature gives a bin or an embedding: the automatic stage trains (the explicit encoding refuses it).
        var rows = Tabular.Rows(200, 1).Select(r => { r.Features = [1f, 2f, 3f, 4f]; return r; }).ToList();
        var data = Ml.Data.LoadFromEnumerable(rows);

        var auto = Fit(Options(), data);

        auto.Network.Input.Describe().ShouldHaveSingleItem().Kind.ShouldNotBeOneOf(InputKind.PiecewiseLinear, InputKind.Periodic);
        Should.Throw<InvalidOperationException>(() => Fit(Options(Both32), data));
    }

    [Fact]
    public void Fit_DefaultsWithEveryRowHeldOutBySomeNetwork_FallsBackToQuantileBins()
    {
        // Twelve networks each holding out half of 20 rows leave no row for the supervised bins: the explicit binning
        // refuses the fit, the automatic stage takes the rows' quantiles instead (32 asked; at most 20 distinct values).
        var data = RawRows(20, 1);
        void Many(BackpropTrainer.Options o) { o.ValidationFraction = 0.5f; o.EnsembleSize = 12; o.NumberOfEpochs = 1; }

        var auto = Fit(Options(Many), data);
        var quantile = Fit(Options(o => { Many(o); Both32(o); o.NumericBinning = NumericBinning.Quantile; }), data);

        ShouldBeTheSameModel(auto, quantile);
        auto.History.Settings!.NumericBinning.ShouldBe(NumericBinning.Quantile); // what the edges came from
        Fit(Options(o => o.NumberOfEpochs = 1), data).History.Settings!.NumericBinning.ShouldBe(NumericBinning.Supervised);
        Should.Throw<InvalidOperationException>(() => Fit(Options(o => { Many(o); Both32(o); }), data)).Message.ShouldContain("held out");
    }

    [Fact]
    public void Fit_AutoEncodingWithExplicitStandardScaling_BothEncodingsOnStandardisedFeaturesWithScales()
    {
        // An explicit scaling keeps its meaning under the automatic encoding: no clip, the embeddings read standardised values.
        var data = RawRows(300, 1);

        var auto = Fit(Options(o => o.NumericScaling = NumericScaling.Standard), data);
        var explicitly = Fit(Options(o => { Both32(o); o.NumericScaling = NumericScaling.Standard; }), data);

        auto.Network.Input.Describe()[1].Clip.ShouldBeNull();
        ShouldBeTheSameModel(auto, explicitly);
    }

    [Fact]
    public void Fit_ExplicitPeriodicWithAutoScaling_ScalesAsStandardWithoutLearnedScales()
    {
        // An explicit encoding trains as it did before the automatic values: Standard scaling, scales only when asked.
        var data = RawRows(300, 1);

        var periodic = Fit(Options(o => o.NumericEncoding = NumericEncoding.Periodic), data);
        var standard = Fit(Options(o => { o.NumericEncoding = NumericEncoding.Periodic; o.NumericScaling = NumericScaling.Standard; }), data);

        periodic.History.Settings!.StandardizedFeatures.ShouldBeTrue();
        ShouldBeTheSameModel(periodic, standard);
    }

    [Fact]
    public void Fit_DefaultsOnSparseRows_TakeTheSparsePathAsExplicitNone()
    {
        // 1.7% non-zero: the automatic sparse path is decided first, and the automatic encoding then resolves to None.
        var data = SparseRows.Load(Ml, rows: 200, slots: 300, perRow: 5, seed: 1);
        var options = new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, Seed = 1, EnsembleSize = 1 };

        var auto = Ml.BinaryClassification.Trainers.Backprop(options).Fit(data).Model;
        options.NumericEncoding = NumericEncoding.None;
        options.NumericScaling = NumericScaling.Standard;
        var none = Ml.BinaryClassification.Trainers.Backprop(options).Fit(data).Model;

        auto.Network.Input.Describe().ShouldBe([InputPartDescription.Sparse(300)]);
        ShouldBeTheSameModel(auto, none);
    }

    [Fact]
    public void Fit_DefaultsInTheMicroBatchMode_SameModelAsTheExplicitBoth32Stage()
    {
        var data = RawRows(300, 1);
        static void Set(BackpropTrainer.Options o) => (o.MicroBatchSize, o.BatchSize, o.EnsembleSize) = (8, 32, 1);

        var auto = Fit(Options(Set), data);
        var both32 = Fit(Options(o => { Set(o); Both32(o); }), data);

        auto.Network.Input.Describe().Select(d => d.Kind).ShouldBe([InputKind.PiecewiseLinear, InputKind.Periodic]);
        auto.Network.Input.Describe()[1].Clip.ShouldNotBeNull();
        ShouldBeTheSameModel(auto, both32);
        auto.History.Settings!.NumericEncoding.ShouldBe(NumericEncoding.PiecewiseLinearAndPeriodic);
    }

    [Fact]
    public void Fit_Defaults_BitIdenticalForOneAndTwoThreads()
    {
        var data = RawRows(400, 1);

        ThreadCountFits.ShouldBeBitIdenticalForAnyThreadCount(threads => Fit(Options(o => o.NumberOfThreads = threads), data));
    }

    [Fact]
    public void SaveBackprop_Defaults_ReloadsAndScoresBitIdentical()
    {
        var train = RawRows(400, 1);
        var test = RawRows(200, 2);
        var model = Ml.Regression.Trainers.Backprop(Options()).Fit(train);

        var loaded = SavedAndLoaded.Reload(Ml, model, train.Schema);

        ShouldBeTheSameModel(SavedAndLoaded.ModelOf(loaded), model.Model);
        loaded.Transform(test).GetColumn<float>("Score").ToArray().ShouldBe(model.Transform(test).GetColumn<float>("Score").ToArray());
    }

    [Theory]
    [InlineData(DataLoading.Streaming, null, null)]
    [InlineData(DataLoading.InMemory, 8, null)]
    [InlineData(DataLoading.InMemory, null, true)]
    public void Constructor_DefaultsInEveryMode_Accepted(DataLoading loading, int? microBatch, bool? sparse)
    {
        var options = new BackpropTrainer.Options { DataLoading = loading, MicroBatchSize = microBatch, SparseInput = sparse };

        options.NumericEncoding.ShouldBe(NumericEncoding.Auto);
        options.NumericScaling.ShouldBe(NumericScaling.Auto);
        Should.NotThrow(() => new BackpropTrainer(Ml, options));
    }

    [Fact]
    public void Constructor_AutoEncodingWithExplicitRobustScalingStreaming_Accepted()
    {
        var options = new BackpropTrainer.Options { DataLoading = DataLoading.Streaming, NumericScaling = NumericScaling.RobustSmoothClip };

        Should.NotThrow(() => new BackpropTrainer(Ml, options));
    }

    [Fact]
    public void Constructor_AutoEncodingWithSupervisedBinning_RefusedNamingTheBinningAndAutosOwnBins()
    {
        // NumericBinning configures an explicit piecewise-linear encoding; the automatic one's bins are its own.
        var options = new BackpropTrainer.Options { NumericBinning = NumericBinning.Supervised };

        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(Ml, options));
        ex.ParamName.ShouldBe("NumericBinning");
        ex.Message.ShouldContain("Auto's are its own");
    }
}
