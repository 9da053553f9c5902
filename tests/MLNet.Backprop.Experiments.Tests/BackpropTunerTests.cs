using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Experiments.Tests;

public class BackpropTunerTests
{
    // Small and short, so that a tuning run takes a second: the search itself is what is tested.
    private static BackpropTrainer.Options Base() => new() { NumberOfEpochs = 6, BatchSize = 32 };

    private static BackpropTuner Tuner(int trials = 6, int seed = 0) => new(Base())
    {
        NumberOfTrials = trials,
        Seed = seed,
        Space = { HiddenLayers = [[4], [8], [8, 4]], BatchSize = [16, 32] },
    };

    [Fact]
    public void Tune_SameSeed_SameTrialsAndScoresWhateverTheParallelism()
    {
        var ml = new MLContext(0);
        var data = Tabular.Load(ml, 240, 1);
        var one = Tuner();
        one.MaxDegreeOfParallelism = 1;
        var parallel = Tuner();
        parallel.MaxDegreeOfParallelism = 4;

        var a = one.Tune(ml, data);
        var b = parallel.Tune(new MLContext(5), data);

        a.Trials.Select(t => string.Join(",", t.Settings.Values)).ShouldBe(b.Trials.Select(t => string.Join(",", t.Settings.Values)));
        a.Trials.Select(t => t.FoldScores).ShouldBe(b.Trials.Select(t => t.FoldScores));
        a.Best.Index.ShouldBe(b.Best.Index);
        a.Metric.ShouldBe(SweepMetrics.Auc);
    }

    public sealed class KeyRow
    {
        [VectorType(4)] public float[] Features { get; set; } = [];
        [KeyType(3)] public byte ByteKey { get; set; }
        [KeyType(3)] public ulong UInt64Key { get; set; }
    }

    [Theory]
    [InlineData("ByteKey")]
    [InlineData("UInt64Key")]
    public void Tune_KeyLabelOfAnyRawType_IsStratifiedAsTheTrainerReadsIt(string label)
    {
        // The folds read labels with the trainer's own reader: any key the trainer accepts, not only UInt32.
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Tabular.Rows(240, 1).Select(r =>
        {
            byte key = r.Class switch { "NE" => 1, "NW" => 2, _ => 3 };
            return new KeyRow { Features = r.Features, ByteKey = key, UInt64Key = key };
        }));
        var tuner = new BackpropTuner(new BackpropTrainer.Options { LabelColumnName = label, NumberOfEpochs = 2, BatchSize = 32 })
        {
            NumberOfTrials = 2,
            NumberOfFolds = 2,
            Strategy = TuningStrategy.RandomSearch,
        };

        var result = tuner.Tune(ml, data);

        result.Metric.ShouldBe(SweepMetrics.MacroAccuracy);
        result.Trials.ShouldAllBe(t => t.Error == null && t.FoldScores.Count == 2);
    }

    [Fact]
    public void DrawTrials_TrialZeroIsTheBaseAndOtherSeedsDrawOtherTrials()
    {
        var trials = Tuner(trials: 8).DrawTrials();
        trials[0].Options.HiddenLayers.ShouldBe(Base().HiddenLayers);
        trials[0].Options.LearningRate.ShouldBe(Base().LearningRate);
        trials.ShouldAllBe(t => t.Options.Seed == 0 && t.Options.NumberOfThreads == 1 && t.Options.NumberOfEpochs == 6);
        trials.Skip(1).ShouldAllBe(t => t.Options.LearningRate >= 3e-4f && t.Options.LearningRate <= 1e-2f);
        Tuner(trials: 8).DrawTrials().Select(t => t.Settings).ShouldBe(trials.Select(t => t.Settings));
        Tuner(trials: 8, seed: 1).DrawTrials().Select(t => string.Join(",", t.Settings.Values))
            .ShouldNotBe(trials.Select(t => string.Join(",", t.Settings.Values)));
    }

    [Fact]
    public void Tune_SuccessiveHalving_KeepsTheBetterHalfAfterEachFold()
    {
        var ml = new MLContext(0);
        var result = Tuner(trials: 8).Tune(ml, Tabular.Load(ml, 240, 2));

        result.Trials.Count(t => t.FoldScores.Count >= 1).ShouldBe(8);
        result.Trials.Count(t => t.FoldScores.Count >= 2).ShouldBe(4);
        result.Trials.Count(t => t.FoldScores.Count == 3).ShouldBe(2);
        result.Best.FoldScores.Count.ShouldBe(3);
        result.Best.Score.ShouldBe(result.Trials.Where(t => t.FoldScores.Count == 3).Max(t => t.Score));
        // The survivors of fold 1 are the better half by their fold-1 score.
        double cut = result.Trials.Where(t => t.FoldScores.Count >= 2).Min(t => t.FoldScores[0]);
        result.Trials.Where(t => t.FoldScores.Count == 1).ShouldAllBe(t => t.FoldScores[0] <= cut);
        result.ToTable().ShouldContain("stopped after 1");
    }

    [Fact]
    public void Tune_RandomSearch_ScoresEveryTrialOnEveryFoldAndReportsEachFold()
    {
        var ml = new MLContext(0);
        var reports = new List<TuningTrial>();
        var tuner = Tuner(trials: 3);
        tuner.Strategy = TuningStrategy.RandomSearch;
        tuner.NumberOfFolds = 4;
        tuner.MaxDegreeOfParallelism = 1;
        tuner.Progress = reports.Add; // no lock: the tuner serialises its calls

        var result = tuner.Tune(ml, Tabular.Load(ml, 200, 3));

        result.Trials.ShouldAllBe(t => t.FoldScores.Count == 4);
        reports.Count.ShouldBe(12);
        reports.Select(r => r.FoldScores.Count).ShouldBe([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    }

    [Fact]
    public void Tune_ParallelTrials_ProgressCalledOneAtATime()
    {
        var ml = new MLContext(0);
        var tuner = Tuner(trials: 4);
        tuner.Strategy = TuningStrategy.RandomSearch;
        tuner.NumberOfFolds = 2;
        tuner.MaxDegreeOfParallelism = 4;
        int inside = 0, overlaps = 0, calls = 0;
        tuner.Progress = _ =>
        {
            if (Interlocked.Increment(ref inside) > 1) Interlocked.Increment(ref overlaps);
            Thread.Sleep(200); // longer than a fold's fit: the other trials finish while a call is inside
            calls++; // unsynchronised on purpose: serialised calls count exactly
            Interlocked.Decrement(ref inside);
        };

        tuner.Tune(ml, Tabular.Load(ml, 200, 3));

        overlaps.ShouldBe(0);
        calls.ShouldBe(4 * 2);
    }

    /// <summary>Random labels: a large network memorises its training rows (AUC near 1 on them) but cannot predict
    /// unseen ones (AUC near 0.5). Scores near 0.5 prove every score comes from rows the fit did not see.</summary>
    [Fact]
    public void Tune_RandomLabels_ScoresOnlyRowsTheFitDidNotSee()
    {
        var ml = new MLContext(0);
        var random = new Random(7);
        var rows = Enumerable.Range(0, 300).Select(_ => new NoiseRow
        {
            Features = [.. Enumerable.Range(0, 10).Select(_ => (float)random.NextDouble())],
            Label = random.Next(2) == 1,
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var memorising = new BackpropTrainer.Options
        {
            HiddenLayers = [128], Activation = Activation.ReLU, EnsembleSize = 1, NumberOfEpochs = 150, LearningRate = 1e-2f, ValidationFraction = 0,
            StandardizeFeatures = false, Seed = 0,
        };
        // The control: trained and scored on the same rows, the options do memorise.
        var fitted = ml.BinaryClassification.Trainers.Backprop(memorising).Fit(data);
        ml.BinaryClassification.EvaluateNonCalibrated(fitted.Transform(data)).AreaUnderRocCurve.ShouldBeGreaterThan(0.95);

        var tuner = new BackpropTuner(memorising) { NumberOfTrials = 2, Strategy = TuningStrategy.RandomSearch, Space = { HiddenLayers = [[128]], Dropout = [0f], L2Regularization = [0f], BatchSize = [32] } };
        var result = tuner.Tune(ml, data);

        result.Trials.SelectMany(t => t.FoldScores).ShouldAllBe(score => score < 0.7);
    }

    [Fact]
    public void Tune_BadSpaceOrSettings_FailBeforeAnyTraining()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTuner { NumberOfTrials = 0 });
        Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTuner { NumberOfFolds = 1 });
        var tuner = new BackpropTuner { Space = { HiddenLayers = [] } };
        Should.Throw<ArgumentException>(() => tuner.DrawTrials()).Message.ShouldContain("HiddenLayers");
        var ml = new MLContext(0);
        var badRate = new BackpropTuner { Space = { MinimumLearningRate = -1f } };
        Should.Throw<ArgumentOutOfRangeException>(() => badRate.Tune(ml, Tabular.Load(ml, 50, 1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public void TimeBudget_ZeroOrNegative_ThrowsNamingTimeBudgetBeforeAnyWork(int milliseconds)
    {
        // Before: accepted; Tune then cached the data and split the folds, and failed with "No trial was scored".
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTuner { TimeBudget = TimeSpan.FromMilliseconds(milliseconds) });
        ex.ParamName.ShouldBe(nameof(BackpropTuner.TimeBudget));
        ex.Message.ShouldContain("must be positive");
        new BackpropTuner { TimeBudget = TimeSpan.FromMilliseconds(1) }.TimeBudget.ShouldBe(TimeSpan.FromMilliseconds(1));
        new BackpropTuner { TimeBudget = null }.TimeBudget.ShouldBeNull();
    }

    [Fact]
    public void NumberOfTrials_IntMaxValueForATimeBudget_ThrowsNamingTheRangeInsteadOfRunningOutOfMemory()
    {
        // Before: accepted, then Tune ran out of memory drawing int.MaxValue trials up front ("as many as the budget allows").
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTuner { NumberOfTrials = int.MaxValue, TimeBudget = TimeSpan.FromMinutes(10) });
        ex.ParamName.ShouldBe(nameof(BackpropTuner.NumberOfTrials));
        ex.Message.ShouldContain("[1, 100,000]");
        new BackpropTuner { NumberOfTrials = 100_000 }.NumberOfTrials.ShouldBe(100_000);
    }

    [Fact]
    public void DrawTrials_NullHiddenLayerShape_ThrowsNamingItsIndex()
    {
        // Before: ArgumentNullException "Value cannot be null (Parameter 'source')" from inside LINQ.
        var tuner = new BackpropTuner { Space = { HiddenLayers = [[8], null!] } };
        var ex = Should.Throw<ArgumentException>(() => tuner.DrawTrials());
        ex.ParamName.ShouldBe(nameof(TuningSpace.HiddenLayers));
        ex.Message.ShouldContain("HiddenLayers[1] is null");
    }

    private sealed class NoiseRow
    {
        [VectorType(10)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
