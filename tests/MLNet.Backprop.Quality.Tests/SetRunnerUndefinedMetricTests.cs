using System.Globalization;
using System.Text;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Tests;

/// <summary>A fold whose test rows cannot give the set's metric (AUC without one of the classes, R² of targets that do
/// not vary) is named before any trainer fits: never an error blamed on every trainer after its fit, nor R² NaN
/// recorded and averaged as a result.</summary>
public sealed class SetRunnerUndefinedMetricTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("quality-undefined-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>60 rows of two uniform features and a label: <paramref name="label"/> of the row index.</summary>
    private (DataSetInfo Info, StringWriter Log, Exception? Error, List<FoldResult>? Results) Run(DataSetInfo info, Func<int, string> label, int folds = 3)
    {
        var random = new Random(7);
        var csv = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 60; i++) csv.Append(CultureInfo.InvariantCulture, $"{random.NextDouble():R},{random.NextDouble():R},{label(i)}\n");
        File.WriteAllText(Path.Combine(_directory, info.TrainFile), csv.ToString());
        TrainerEntry[] trainers = [TrainerSelection.Resolve(["linear"], []).Single(), MlpVariant.Parse("tiny:HiddenLayers=8;NumberOfEpochs=5").ToEntry()];
        var log = new StringWriter();
        try
        {
            return (info, log, null, new SetRunner(new RunSettings(trainers, folds, [0], Center: false, Warmup: false), log).Run(info, _directory).Results);
        }
        catch (InvalidDataException e)
        {
            return (info, log, e, null);
        }
    }

    [Fact]
    public void Run_BinaryClassWithFewerRowsThanFolds_NamesTheFoldAndClassBeforeAnyFit()
    {
        // Before: each trainer fitted fold 1, then ML.NET's evaluator threw "AUC is not defined when there is no positive
        // class in the data (Parameter 'PosSample')", recorded as that trainer's error.
        var (_, log, error, _) = Run(new("rare", TaskKind.Binary, "rare.csv", PositiveClass: "yes"), i => i < 2 ? "yes" : "no");
        error.ShouldNotBeNull();
        error.Message.ShouldBe("rare: fold 1 of 3 holds no row of class 'yes' among its 20 test rows (the set has 2): its AUC is undefined. " +
            "Use at most 2 folds (--folds).");
        log.ToString().ShouldBeEmpty(); // no trainer fitted
    }

    [Fact]
    public void Run_RegressionFoldWhoseTargetsAreAllEqual_NamesTheFoldBeforeAnyFit()
    {
        // Before: fold 2's rows were all 0, and every trainer's r2 there was NaN, recorded and averaged as a result.
        var (_, log, error, _) = Run(new("flat", TaskKind.Regression, "flat.csv"), i => i < 2 ? "1" : "0");
        error.ShouldNotBeNull();
        error.Message.ShouldStartWith("flat: fold 2 of 3: its 20 test rows all have target 0: R² is undefined for targets that do not vary.");
        log.ToString().ShouldBeEmpty();
    }

    [Fact]
    public void Run_EveryFoldHoldsBothClasses_EveryTrainerScoredOnEveryFold()
    {
        var (_, _, error, results) = Run(new("enough", TaskKind.Binary, "enough.csv", PositiveClass: "yes"), i => i < 3 ? "yes" : "no");
        error.ShouldBeNull();
        results!.Count.ShouldBe(2 * 3);
        results.ShouldAllBe(r => !r.Failed && double.IsFinite(r.Metrics[Metric.Auc.Key]));
    }

    [Fact]
    public void Run_TestFileWithoutRows_NamesItBeforeAnyFit()
    {
        // Before: every trainer fitted, then ML.NET's regression evaluator gave RMSE 0 and R² 0 for no rows.
        var info = new DataSetInfo("emptytest", TaskKind.Regression, "train.csv", TestFile: "test.csv");
        File.WriteAllText(Path.Combine(_directory, "test.csv"), "x1,x2,label\n");
        var (_, log, error, _) = Run(info, i => (i % 7).ToString(CultureInfo.InvariantCulture));
        error.ShouldNotBeNull();
        error.Message.ShouldBe("emptytest: the test file test.csv holds no test row: its metrics are undefined.");
        log.ToString().ShouldBeEmpty();
    }
}
