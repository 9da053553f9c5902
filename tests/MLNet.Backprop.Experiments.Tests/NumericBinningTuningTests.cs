using Microsoft.ML;
using MLNet.Backprop.Experiments;

namespace MLNet.Backprop.Experiments.Tests;

/// <summary>The tuner with the bin edges' rule in its space: drawn only for piecewise-linear trials, labelled, and never
/// left at Supervised on a trial without the encoding.</summary>
public class NumericBinningTuningTests
{
    public sealed class Row
    {
        public float X { get; set; }
        public float Value { get; set; }
    }

    private static BackpropTuner Tuner(NumericEncoding encoding = NumericEncoding.None, NumericBinning binning = NumericBinning.Quantile) => new(new BackpropTrainer.Options
    {
        LabelColumnName = "Value", Task = BackpropTask.Regression, NumberOfEpochs = 5, EnsembleSize = 1,
        NumericEncoding = encoding, NumericBinning = binning, NumericBins = 8,
    })
    {
        NumberOfTrials = 16,
        Space = { HiddenLayers = [[8]], BatchSize = [32] },
    };

    [Fact]
    public void DrawTrials_BinningSearched_DrawnForPiecewiseLinearTrialsOnlyAndLabelled()
    {
        var tuner = Tuner();
        tuner.Space.NumericEncoding = [NumericEncoding.None, NumericEncoding.PiecewiseLinear];
        tuner.Space.NumericBinning = [NumericBinning.Quantile, NumericBinning.Supervised];

        var drawn = tuner.DrawTrials().Skip(1).ToList();

        var encoded = drawn.Where(t => t.Options.NumericEncoding == NumericEncoding.PiecewiseLinear).ToList();
        encoded.Select(t => t.Options.NumericBinning).Distinct().Count().ShouldBe(2);
        encoded.Where(t => t.Options.NumericBinning == NumericBinning.Supervised).ShouldAllBe(t => t.Settings["NumericBinning"] == "Supervised");
        drawn.Where(t => t.Options.NumericEncoding == NumericEncoding.None)
            .ShouldAllBe(t => t.Options.NumericBinning == NumericBinning.Quantile && !t.Settings.ContainsKey("NumericBinning"));
    }

    [Fact]
    public void DrawTrials_SupervisedBaseAndNoEncodingDrawn_TrialTakesQuantileAndIsValid()
    {
        var tuner = Tuner(NumericEncoding.PiecewiseLinear, NumericBinning.Supervised);
        tuner.Space.NumericEncoding = [NumericEncoding.None, NumericEncoding.PiecewiseLinear];

        var drawn = tuner.DrawTrials();

        drawn.Where(t => t.Options.NumericEncoding == NumericEncoding.None).ShouldNotBeEmpty();
        drawn.ShouldAllBe(t => t.Options.NumericEncoding == NumericEncoding.PiecewiseLinear ? t.Options.NumericBinning == NumericBinning.Supervised
            : t.Options.NumericBinning == NumericBinning.Quantile);
        foreach (var (_, options) in drawn) Should.NotThrow(() => new BackpropTrainer(new MLContext(0), options));
    }

    [Fact]
    public void DrawTrials_BothEncodingsSearched_BinsAndBinningDrawnForThemAndEveryTrialValid()
    {
        var tuner = Tuner();
        tuner.Space.NumericEncoding = [NumericEncoding.Periodic, NumericEncoding.PiecewiseLinearAndPeriodic];
        tuner.Space.NumericBins = [8, 32];
        tuner.Space.NumericBinning = [NumericBinning.Quantile, NumericBinning.Supervised];

        var drawn = tuner.DrawTrials().Skip(1).ToList();

        var both = drawn.Where(t => t.Options.NumericEncoding == NumericEncoding.PiecewiseLinearAndPeriodic).ToList();
        both.Select(t => t.Options.NumericBinning).Distinct().Count().ShouldBe(2);
        both.Select(t => t.Options.NumericBins).Distinct().Count().ShouldBe(2);
        drawn.Where(t => t.Options.NumericEncoding == NumericEncoding.Periodic).ShouldAllBe(t => t.Options.NumericBinning == NumericBinning.Quantile);
        foreach (var (_, options) in drawn) Should.NotThrow(() => new BackpropTrainer(new MLContext(0), options));
    }

    [Fact]
    public void DrawTrials_UndefinedBinning_RefusedNamingIt()
    {
        var tuner = Tuner();
        tuner.Space.NumericBinning = [(NumericBinning)7];

        Should.Throw<ArgumentOutOfRangeException>(() => tuner.DrawTrials()).ParamName.ShouldBe("NumericBinning");
    }

    [Fact]
    public void Tune_SupervisedSearched_TrainsAndTheTableShowsEveryTrialsSettings()
    {
        var ml = new MLContext(0);
        var random = new Random(5);
        var rows = Enumerable.Range(0, 400).Select(_ => { float x = (float)random.NextDouble(); return new Row { X = x, Value = x > 0.6f ? 2f : 0f }; }).ToList();
        var raw = ml.Data.LoadFromEnumerable(rows);
        var data = ml.Transforms.Concatenate("Features", "X").Fit(raw).Transform(raw);
        var tuner = Tuner();
        tuner.NumberOfTrials = 4;
        tuner.NumberOfFolds = 2;
        tuner.Strategy = TuningStrategy.RandomSearch;
        tuner.Space.NumericEncoding = [NumericEncoding.PiecewiseLinear];
        tuner.Space.NumericBinning = [NumericBinning.Supervised];

        var result = tuner.Tune(ml, data);

        result.Trials.ShouldAllBe(t => t.Error == null && t.FoldScores.Count == 2);
        result.Trials.Skip(1).ShouldAllBe(t => t.Options.NumericBinning == NumericBinning.Supervised);
        // Trial 0 (the base options, no encoding) lacks the encoding's labels; the table still has their columns.
        var header = result.ToTable().Split('\n')[0];
        header.ShouldContain("NumericEncoding");
        header.ShouldContain("NumericBinning");
    }
}
