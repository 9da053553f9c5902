using System.Text;
using MLNet.Backprop.Quality.CommandLine;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Reporting;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Tests;

public class PairedDifferenceTests
{
    private static FoldResult Fold(string trainer, int seed, string fold, double? auc, double? logLoss = null, string? error = null)
    {
        var metrics = new Dictionary<string, double>();
        if (auc is { } a) metrics["auc"] = a;
        if (logLoss is { } l) metrics["log_loss"] = l;
        return new FoldResult("s", TaskKind.Binary, trainer, seed, fold, error is null ? metrics : [], 1.0, error);
    }

    [Fact]
    public void Of_ThreePairs_HandComputedMeanAndStandardError()
    {
        // Differences 0.02, 0.04, −0.03: mean 0.01; deviations 0.01, 0.03, −0.04 → sd √((1 + 9 + 16)e−4 / 2) = √13e−2;
        // SE = √13e−2 / √3.
        FoldResult[] mine = [Fold("a", 0, "1", 0.82), Fold("a", 0, "2", 0.74), Fold("a", 1, "1", 0.77)];
        FoldResult[] theirs = [Fold("r", 0, "1", 0.80), Fold("r", 0, "2", 0.70), Fold("r", 1, "1", 0.80)];
        var d = PairedDifference.Of(mine, theirs, Metric.Auc).ShouldNotBeNull();
        d.Pairs.ShouldBe(3);
        d.Mean.ShouldBe(0.01, 1e-12);
        d.StandardError.ShouldBe(Math.Sqrt(13) * 0.01 / Math.Sqrt(3), 1e-12);
        d.Better.ShouldBe(2);
    }

    [Fact]
    public void Of_LowerIsBetterMetric_CountsDecreasesAsBetter()
    {
        FoldResult[] mine = [Fold("a", 0, "1", 0.8, logLoss: 0.40), Fold("a", 0, "2", 0.8, logLoss: 0.55), Fold("a", 0, "3", 0.8, logLoss: 0.50)];
        FoldResult[] theirs = [Fold("r", 0, "1", 0.8, logLoss: 0.45), Fold("r", 0, "2", 0.8, logLoss: 0.50), Fold("r", 0, "3", 0.8, logLoss: 0.50)];
        var d = PairedDifference.Of(mine, theirs, Metric.LogLoss).ShouldNotBeNull();
        d.Better.ShouldBe(1); // the tie on fold 3 is not better
        PairedDifference.Of(mine, theirs, Metric.Auc).ShouldNotBeNull().Better.ShouldBe(0);
    }

    [Fact]
    public void Of_FailedUnmatchedOrMissingFolds_Skipped()
    {
        FoldResult[] mine =
        [
            Fold("a", 0, "1", 0.9), Fold("a", 0, "2", null, error: "boom"), Fold("a", 1, "1", 0.7),
            Fold("a", 2, "1", 0.6), Fold("a", 0, "3", double.NaN),
        ];
        FoldResult[] theirs = [Fold("r", 0, "1", 0.8), Fold("r", 0, "2", 0.8), Fold("r", 1, "1", 0.8), Fold("r", 0, "3", 0.8)];
        var d = PairedDifference.Of(mine, theirs, Metric.Auc).ShouldNotBeNull();
        d.Pairs.ShouldBe(2); // seed 0 fold 1 and seed 1 fold 1: fold 2 failed, fold 3 is NaN, seed 2 has no reference
        d.Mean.ShouldBe(0.0, 1e-12);
    }

    [Fact]
    public void Of_SameFoldLabelOtherSeed_NotPaired() =>
        PairedDifference.Of([Fold("a", 1, "1", 0.9)], [Fold("r", 0, "1", 0.8)], Metric.Auc).ShouldBeNull();

    [Fact]
    public void Of_OnePair_NoStandardError()
    {
        var d = PairedDifference.Of([Fold("a", 0, "test", 0.85)], [Fold("r", 0, "test", 0.8)], Metric.Auc).ShouldNotBeNull();
        d.Pairs.ShouldBe(1);
        d.HasStandardError.ShouldBeFalse();
    }

    [Fact]
    public void Of_MetricAbsent_Null() => PairedDifference.Of([Fold("a", 0, "1", 0.9)], [Fold("r", 0, "1", 0.8)], Metric.LogLoss).ShouldBeNull();

    [Fact]
    public void MetricsFor_EachTask_PrimaryFirst()
    {
        PairedDifference.MetricsFor(TaskKind.Binary).ShouldBe([Metric.Auc, Metric.LogLoss, Metric.Ece]);
        PairedDifference.MetricsFor(TaskKind.Multiclass).ShouldBe([Metric.MacroAccuracy, Metric.LogLoss, Metric.Ece]);
        PairedDifference.MetricsFor(TaskKind.Regression).ShouldBe([Metric.RSquared, Metric.Rmse]);
    }

    [Fact]
    public void ReferenceOf_LinearRunning_Linear() =>
        PairedDifference.ReferenceOf(TrainerSelection.Resolve(["mlp", "lightgbm", "linear"], []), null).ShouldBe("linear");

    [Fact]
    public void ReferenceOf_NoLinear_FirstColumn() =>
        PairedDifference.ReferenceOf(TrainerSelection.Resolve(["lightgbm", "mlp"], []), null).ShouldBe("lightgbm");

    [Fact]
    public void ReferenceOf_Requested_ThatColumnCaseInsensitive() =>
        PairedDifference.ReferenceOf(TrainerSelection.Resolve(["mlp", "linear"], []), "MLP").ShouldBe("mlp");

    [Fact]
    public void ReferenceOf_RequestedNotRunning_ThrowsUsageException() =>
        Should.Throw<UsageException>(() => PairedDifference.ReferenceOf(TrainerSelection.Resolve(["mlp", "linear"], []), "lightgbm"))
            .Message.ShouldContain("--reference");

    [Fact]
    public void Section_TwoColumns_DifferenceCellsAndCaveat()
    {
        var set = new DataSetInfo("s", TaskKind.Binary, "s.csv");
        var trainers = TrainerSelection.Resolve(["mlp", "linear"], []);
        FoldResult[] results =
        [
            Fold("mlp", 0, "1", 0.82), Fold("mlp", 0, "2", 0.74), Fold("mlp", 1, "1", 0.77),
            Fold("linear", 0, "1", 0.80), Fold("linear", 0, "2", 0.70), Fold("linear", 1, "1", 0.80),
        ];
        var md = new StringBuilder();
        PairedDifferencesSection.Write(md, new ResultTable([set], trainers, results), "linear");
        string text = md.ToString();
        text.ShouldContain("## Paired differences (each column − Linear");
        text.ShouldContain("rough guide");
        text.ShouldContain("| s | AUC | +0.0100 ± 0.0208 | 2/3 |");
        text.ShouldContain("| s | log-loss | – | – |");
    }
}
