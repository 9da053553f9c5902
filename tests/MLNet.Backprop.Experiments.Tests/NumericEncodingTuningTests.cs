using Microsoft.ML;
using MLNet.Backprop.Experiments;

namespace MLNet.Backprop.Experiments.Tests;

/// <summary>The tuner with the numeric encoding in its space: searched only when asked, labelled, refused up front
/// where the base options' mode cannot train it.</summary>
public class NumericEncodingTuningTests
{
    public sealed class Row
    {
        public float X { get; set; }
        public float Value { get; set; }
    }

    /// <summary>A step in X: what a piecewise-linear encoding models with one bin edge.</summary>
    private static IDataView Data(MLContext ml, int rows = 400)
    {
        var random = new Random(5);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(_ =>
        {
            float x = (float)random.NextDouble();
            return new Row { X = x, Value = x > 0.6f ? 2f : 0f };
        }).ToList());
        return ml.Transforms.Concatenate("Features", "X").Fit(data).Transform(data);
    }

    private static BackpropTuner Tuner(NumericEncoding baseEncoding = NumericEncoding.None) => new(new BackpropTrainer.Options
    {
        LabelColumnName = "Value", Task = BackpropTask.Regression, NumberOfEpochs = 5, EnsembleSize = 1,
        NumericEncoding = baseEncoding, NumericBins = 8,
    })
    {
        NumberOfTrials = 12,
        Space = { HiddenLayers = [[8]], BatchSize = [32] },
    };

    [Fact]
    public void DrawTrials_DefaultSpace_EveryTrialKeepsTheBaseEncodingTheDefaultUnlabelled()
    {
        Tuner(NumericEncoding.Auto).DrawTrials().ShouldAllBe(t => t.Options.NumericEncoding == NumericEncoding.Auto && !t.Settings.ContainsKey("NumericEncoding"));
        // An explicit None is not the default any more: labelled, without bins.
        Tuner().DrawTrials().ShouldAllBe(t => t.Options.NumericEncoding == NumericEncoding.None && t.Settings["NumericEncoding"] == "None"
            && !t.Settings.ContainsKey("NumericBins"));
        var encoded = Tuner(NumericEncoding.PiecewiseLinear).DrawTrials();
        encoded.ShouldAllBe(t => t.Options.NumericEncoding == NumericEncoding.PiecewiseLinear && t.Options.NumericBins == 8);
        encoded.ShouldAllBe(t => t.Settings["NumericEncoding"] == "PiecewiseLinear" && t.Settings["NumericBins"] == "8");
    }

    [Fact]
    public void DrawTrials_EncodingSearched_DrawnAfterTheTrialsOtherSettings()
    {
        // A trial's encoding comes after its other settings: the first drawn trial's are those of a search without it
        // (later trials differ, the generator having moved on).
        var plain = Tuner().DrawTrials();
        var tuner = Tuner();
        tuner.Space.NumericEncoding = [NumericEncoding.None, NumericEncoding.PiecewiseLinear];
        var searched = tuner.DrawTrials();
        (searched[1].Options.LearningRate, searched[1].Options.L2Regularization, searched[1].Options.Dropout)
            .ShouldBe((plain[1].Options.LearningRate, plain[1].Options.L2Regularization, plain[1].Options.Dropout));
    }

    [Fact]
    public void DrawTrials_BothEncodingsAndBinsSearched_DrawsThemAndLabelsThem()
    {
        var tuner = Tuner();
        tuner.Space.NumericEncoding = [NumericEncoding.None, NumericEncoding.PiecewiseLinear];
        tuner.Space.NumericBins = [4, 32];
        var drawn = tuner.DrawTrials().Skip(1).ToList();

        drawn.Select(t => t.Options.NumericEncoding).Distinct().Count().ShouldBe(2);
        var encoded = drawn.Where(t => t.Options.NumericEncoding == NumericEncoding.PiecewiseLinear).ToList();
        encoded.ShouldAllBe(t => (t.Options.NumericBins == 4 || t.Options.NumericBins == 32) && t.Settings["NumericBins"] == t.Options.NumericBins.ToString());
        drawn.Where(t => t.Options.NumericEncoding == NumericEncoding.None).ShouldAllBe(t => t.Settings["NumericEncoding"] == "None" && !t.Settings.ContainsKey("NumericBins"));
    }

    [Fact]
    public void Tune_EncodingSearched_EveryTrialTrainsAndTheBestOptionsAreValid()
    {
        var ml = new MLContext(0);
        var tuner = Tuner();
        tuner.NumberOfTrials = 4;
        tuner.NumberOfFolds = 2;
        tuner.Strategy = TuningStrategy.RandomSearch;
        tuner.Space.NumericEncoding = [NumericEncoding.PiecewiseLinear];

        var result = tuner.Tune(ml, Data(ml));

        result.Trials.ShouldAllBe(t => t.Error == null && t.FoldScores.Count == 2);
        result.Trials.Skip(1).ShouldAllBe(t => t.Options.NumericEncoding == NumericEncoding.PiecewiseLinear);
        Should.NotThrow(() => new BackpropTrainer(ml, result.BestOptions));
    }

    [Fact]
    public void DrawTrials_PiecewiseLinearWithSparseBase_RefusedNamingTheOption()
    {
        var tuner = Tuner();
        tuner.BaseOptions.SparseInput = true;
        tuner.Space.NumericEncoding = [NumericEncoding.PiecewiseLinear];
        var error = Should.Throw<ArgumentOutOfRangeException>(() => tuner.DrawTrials());
        error.ParamName.ShouldBe("NumericEncoding");
        error.Message.ShouldContain("holds PiecewiseLinear");
        error.Message.ShouldContain("SparseInput true");
    }

    [Fact]
    public void DrawTrials_AutoSearchedWithStreamingOrSparseBase_AcceptedAndLabelledWhenNotDrawnAsTheDefault()
    {
        // Auto is valid in every mode (each trial's fit resolves it); the explicit values beside it keep their refusals.
        var tuner = Tuner();
        tuner.BaseOptions.DataLoading = DataLoading.Streaming;
        tuner.BaseOptions.SparseInput = true;
        tuner.Space.NumericEncoding = [NumericEncoding.Auto, NumericEncoding.None];
        var drawn = tuner.DrawTrials();

        drawn.Select(t => t.Options.NumericEncoding).Distinct().Count().ShouldBe(2);
        drawn.Where(t => t.Options.NumericEncoding == NumericEncoding.Auto).ShouldAllBe(t => !t.Settings.ContainsKey("NumericEncoding"));
        drawn.Where(t => t.Options.NumericEncoding == NumericEncoding.None).ShouldAllBe(t => t.Settings["NumericEncoding"] == "None");
    }

    [Fact]
    public void DrawTrials_PeriodicWithStreamingBase_EveryTrialAccepted()
    {
        // The periodic embeddings train streamed (their slots from the counting pass's sample).
        var tuner = Tuner();
        tuner.BaseOptions.DataLoading = DataLoading.Streaming;
        tuner.Space.NumericEncoding = [NumericEncoding.PiecewiseLinear, NumericEncoding.Periodic];

        var drawn = tuner.DrawTrials();

        drawn.ShouldContain(t => t.Options.NumericEncoding == NumericEncoding.Periodic);
        foreach (var (_, options) in drawn) Should.NotThrow(() => new BackpropTrainer(new MLContext(0), options));
    }

    [Theory]
    [InlineData("DataLoading")]
    [InlineData("MicroBatchSize")]
    public void Tune_PiecewiseLinearWithStreamingOrMicroBatchBase_EveryTrialTrains(string mode)
    {
        var ml = new MLContext(0);
        var tuner = Tuner();
        if (mode == "DataLoading") tuner.BaseOptions.DataLoading = DataLoading.Streaming;
        else tuner.BaseOptions.MicroBatchSize = 8;
        tuner.NumberOfTrials = 2;
        tuner.NumberOfFolds = 2;
        tuner.Strategy = TuningStrategy.RandomSearch;
        tuner.Space.NumericEncoding = [NumericEncoding.PiecewiseLinear];
        tuner.Space.NumericBinning = [NumericBinning.Supervised];

        var result = tuner.Tune(ml, Data(ml));

        result.Trials.ShouldAllBe(t => t.Error == null && t.FoldScores.Count == 2);
        result.Trials.Skip(1).ShouldAllBe(t => t.Options.NumericEncoding == NumericEncoding.PiecewiseLinear);
    }

    [Fact]
    public void DrawTrials_PiecewiseLinearWithClippedBase_RefusedNamingTheOptions()
    {
        var tuner = Tuner();
        tuner.BaseOptions.NumericScaling = NumericScaling.RobustSmoothClip;
        tuner.Space.NumericEncoding = [NumericEncoding.None, NumericEncoding.PiecewiseLinear];
        var error = Should.Throw<ArgumentOutOfRangeException>(() => tuner.DrawTrials());
        error.ParamName.ShouldBe("NumericEncoding");
        error.Message.ShouldContain("NumericScaling RobustSmoothClip");
    }

    [Theory]
    [InlineData(true, NumericScaling.Standard, NumericEncoding.PiecewiseLinear)]
    [InlineData(true, NumericScaling.RobustSmoothClip, NumericEncoding.Periodic)]
    [InlineData(false, NumericScaling.RobustSmoothClip, NumericEncoding.Periodic)]
    [InlineData(true, NumericScaling.RobustSmoothClip, NumericEncoding.PiecewiseLinearAndPeriodic)]
    [InlineData(false, NumericScaling.RobustSmoothClip, NumericEncoding.PiecewiseLinearAndPeriodic)]
    [InlineData(true, NumericScaling.Standard, NumericEncoding.PiecewiseLinearAndPeriodic)]
    public void DrawTrials_EncodingWithScaledOrClippedBase_Composes(bool learnFeatureScales, NumericScaling scaling, NumericEncoding encoding)
    {
        var tuner = Tuner();
        tuner.BaseOptions.LearnFeatureScales = learnFeatureScales;
        tuner.BaseOptions.NumericScaling = scaling;
        tuner.Space.NumericEncoding = [NumericEncoding.None, encoding];

        Should.NotThrow(() => tuner.DrawTrials());
    }

    [Fact]
    public void DrawTrials_PeriodicWithMicroBatchBase_EveryTrialAccepted()
    {
        var tuner = Tuner();
        tuner.BaseOptions.MicroBatchSize = 8;
        tuner.Space.NumericEncoding = [NumericEncoding.None, NumericEncoding.Periodic, NumericEncoding.PiecewiseLinearAndPeriodic];

        var drawn = tuner.DrawTrials();

        drawn.Select(d => d.Options.NumericEncoding).ShouldContain(NumericEncoding.Periodic);
        foreach (var (_, options) in drawn) Should.NotThrow(() => new BackpropTrainer(new MLContext(0), options));
    }

    [Fact]
    public void DrawTrials_BinsOutOfRange_RefusedNamingThem()
    {
        var tuner = Tuner();
        tuner.Space.NumericBins = [8, 1];
        Should.Throw<ArgumentOutOfRangeException>(() => tuner.DrawTrials()).ParamName.ShouldBe("NumericBins");
    }
}
