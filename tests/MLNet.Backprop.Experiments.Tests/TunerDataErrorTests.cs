using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Experiments.Tests;

/// <summary>The tuner's errors do not depend on timing, and a fold that cannot give its metric is named before any
/// trial is trained, never scored as NaN or reported through ML.NET's evaluator.</summary>
public class TunerDataErrorTests
{
    private static BackpropTuner Tuner(int parallelism, int trials = 6, string? weights = null, bool balanced = false) =>
        new(new BackpropTrainer.Options
        {
            NumberOfEpochs = 3, BatchSize = 32, ExampleWeightColumnName = weights, ClassWeighting = balanced ? ClassWeighting.Balanced : ClassWeighting.None,
        })
    {
        NumberOfTrials = trials, MaxDegreeOfParallelism = parallelism, Space = { HiddenLayers = [[4], [8]] },
    };

    [Fact]
    public void Tune_DataErrorInEveryTrial_TheSameSingleExceptionWhateverTheParallelism()
    {
        var ml = new MLContext(0);
        var rows = Tabular.Rows(240, 1);
        foreach (var row in rows) row.Weight = row.Label ? 0f : 1f; // found by every trial's Fit, not before: Balanced has no weight for class true
        var data = ml.Data.LoadFromEnumerable(rows);
        var one = Should.Throw<InvalidOperationException>(() => Tuner(1, weights: "Weight", balanced: true).Tune(ml, data));
        for (int run = 0; run < 3; run++)
        {
            // Was an AggregateException of the trials that ran at once.
            var parallel = Should.Throw<InvalidOperationException>(() => Tuner(4, trials: 8, weights: "Weight", balanced: true).Tune(ml, data));
            parallel.Message.ShouldBe(one.Message);
        }
        one.Message.ShouldContain("'Weight'");
    }

    [Fact]
    public void Tune_NaNWeightInOneRow_NamesTheRowOfTheDataBeforeAnyTraining()
    {
        var ml = new MLContext(0);
        var rows = Tabular.Rows(240, 1);
        rows[17].Weight = float.NaN;
        int scored = 0;
        var tuner = Tuner(2, weights: "Weight");
        tuner.Progress = _ => scored++;
        // Was, from every trial's Fit: "... is NaN in row 11", the row of the fold's training side.
        var error = Should.Throw<InvalidOperationException>(() => tuner.Tune(ml, ml.Data.LoadFromEnumerable(rows)));
        error.Message.ShouldStartWith("Weight column 'Weight' is NaN in row 17 (counting from 0); weights must be finite, ≥ 0 and at most 1E+30");
        scored.ShouldBe(0);
    }

    [Fact]
    public void Tune_WeightOfARowWithoutALabel_IgnoredAsTheTrainerIgnoresIt()
    {
        var ml = new MLContext(0);
        var rows = Tabular.Rows(240, 1);
        rows[17].Weight = -1f;
        rows[17].Value = float.NaN; // a missing label: the trainer skips the row before reading its weight
        var tuner = new BackpropTuner(new BackpropTrainer.Options { LabelColumnName = "Value", NumberOfEpochs = 2, ExampleWeightColumnName = "Weight" })
        {
            NumberOfTrials = 2, Space = { HiddenLayers = [[4]] },
        };
        tuner.Tune(ml, ml.Data.LoadFromEnumerable(rows)).Best.FoldScores.Count.ShouldBe(3);
    }

    [Fact]
    public void Tune_InfiniteRegressionLabel_NamesTheRowOfTheDataBeforeAnyTraining()
    {
        var ml = new MLContext(0);
        var rows = Tabular.Rows(240, 1);
        rows[17].Value = float.PositiveInfinity;
        var tuner = new BackpropTuner(new BackpropTrainer.Options { LabelColumnName = "Value", NumberOfEpochs = 2 }) { NumberOfTrials = 2, Space = { HiddenLayers = [[4]] } };
        // Was the trainer's message naming the row of a fold's training side.
        var error = Should.Throw<InvalidOperationException>(() => tuner.Tune(ml, ml.Data.LoadFromEnumerable(rows)));
        error.Message.ShouldBe($"Label column 'Value' is {float.PositiveInfinity} in row 17 (counting from 0); labels must be finite.");
    }

    [Fact]
    public void Tune_EveryLabelMissing_SaysSoInsteadOfSuggestingFewerFolds()
    {
        var ml = new MLContext(0);
        var rows = Tabular.Rows(60, 1);
        foreach (var row in rows) row.Value = float.NaN;
        var tuner = new BackpropTuner(new BackpropTrainer.Options { LabelColumnName = "Value", NumberOfEpochs = 2 }) { NumberOfTrials = 2 };
        // Was "Fold 1 of 3 holds no row with a label in 'Value'. Set NumberOfFolds lower, or tune on more rows.": no number of folds helps.
        var error = Should.Throw<InvalidOperationException>(() => tuner.Tune(ml, ml.Data.LoadFromEnumerable(rows)));
        error.Message.ShouldBe("None of the 60 rows of the training data has a label in 'Value': there is nothing to tune on.");
    }

    [Fact]
    public void Tune_NaNFeatureInOneRow_NamesTheRowOfTheDataBeforeAnyTraining()
    {
        var ml = new MLContext(0);
        var rows = Tabular.Rows(240, 1);
        rows[17].Features[2] = float.NaN;
        // Was, for a row that fell on a held-out side: InvalidDataException from scoring, naming row 5 of that fold.
        var error = Should.Throw<InvalidOperationException>(() => Tuner(2).Tune(ml, ml.Data.LoadFromEnumerable(rows)));
        error.Message.ShouldContain("Feature column 'Features' holds NaN at slot 2 in row 17");
    }

    [Fact]
    public void Tune_NaNFeatureSkipped_LeftOutOfEveryFoldAndTuned()
    {
        var ml = new MLContext(0);
        var rows = Tabular.Rows(240, 1);
        rows[17].Features[2] = float.NaN;
        var tuner = new BackpropTuner(new BackpropTrainer.Options { NumberOfEpochs = 3, BatchSize = 32, SkipRowsWithNonFiniteFeatures = true }) { NumberOfTrials = 2 };
        tuner.Tune(ml, ml.Data.LoadFromEnumerable(rows)).Best.FoldScores.Count.ShouldBe(3);
    }

    [Fact]
    public void Tune_FewerPositivesThanFolds_NamesTheFoldAndTheFoldsTheDataAllows()
    {
        var ml = new MLContext(0);
        var rows = Tabular.Rows(120, 1);
        foreach (var (row, i) in rows.Select((r, i) => (r, i))) row.Label = i is 10 or 70; // two positive rows
        var tuner = Tuner(2);
        tuner.NumberOfFolds = 3;
        var error = Should.Throw<InvalidOperationException>(() => tuner.Tune(ml, ml.Data.LoadFromEnumerable(rows)));
        error.Message.ShouldContain("of 3 holds no row of class true of 'Label'");
        error.Message.ShouldContain("Set NumberOfFolds to at most 2");
    }

    [Fact]
    public void Tune_RegressionFoldWithConstantLabels_NamesTheFoldInsteadOfANaNBestTrial()
    {
        var ml = new MLContext(0);
        var rows = Tabular.Rows(60, 1);
        foreach (var (row, i) in rows.Select((r, i) => (r, i))) row.Value = i < 2 ? i + 5 : 1f; // two distinct values: one fold gets neither
        var tuner = new BackpropTuner(new BackpropTrainer.Options { LabelColumnName = "Value", NumberOfEpochs = 3 }) { NumberOfTrials = 2 };
        var error = Should.Throw<InvalidOperationException>(() => tuner.Tune(ml, ml.Data.LoadFromEnumerable(rows)));
        error.Message.ShouldContain("whose label 'Value' is 1 in every one: R² is undefined");
    }
}
