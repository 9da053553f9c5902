using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Targets;
using static MLNet.Backprop.Quality.Tests.TargetsFolds;

namespace MLNet.Backprop.Quality.Tests;

public class TargetsReportTests
{
    private static readonly string[] References = ["lightgbm", "fasttree", "linear"];

    private static TargetsReport Report(params FoldResult[] folds) => TargetsReport.Compute(PrimaryResults.Merge([folds]), "mlp", References);

    [Fact]
    public void Ranks_TiesAndMissing_TiesShareTheBetterRankMissingLast() =>
        new TargetsRow("a", [0.75, 0.75, 0.5, double.NaN], 0, 1).Ranks.ShouldBe([1, 1, 3, 4]);

    [Fact]
    public void Compute_SetsOfTheCandidateOnly_OrderedOrdinally()
    {
        var report = Report(Auc("b", "mlp", 0.5), Auc("a", "mlp", 0.5), Auc("A", "mlp", 0.5), Auc("c", "lightgbm", 0.5));
        report.Rows.Select(r => r.Set).ShouldBe(["A", "a", "b"]);
    }

    [Fact]
    public void Compute_TwoSets_MeansGapsAndMeanRanksByHand()
    {
        // a: mlp 0.75, lightgbm 0.5, fasttree 0.5, linear 0.25 → ranks 1, 2, 2, 4; gap 0.
        // b: mlp 0.25, lightgbm 0.75, no fasttree, linear 0.5 → ranks 3, 1, 4, 2; gap 0.75 − 0.25.
        var report = Report(
            Auc("a", "mlp", 0.75), Auc("a", "lightgbm", 0.5), Auc("a", "fasttree", 0.25), Auc("a", "fasttree", 0.75, fold: "2"), Auc("a", "linear", 0.25),
            Auc("b", "mlp", 0.25), Auc("b", "lightgbm", 0.75), Auc("b", "linear", 0.5));
        report.Rows[0].Means.ShouldBe([0.75, 0.5, 0.5, 0.25]);
        report.Rows[0].Gap.ShouldBe(0);
        report.Rows[1].Means[2].ShouldBe(double.NaN);
        report.Rows[1].Gap.ShouldBe(0.5);
        report.MeanRanks.ShouldBe([2, 1.5, 3, 3]);
    }

    [Fact]
    public void Compute_CandidateFoldFailed_MissingRankedLastInfinitelyBehind()
    {
        var report = Report(Auc("a", "mlp", 0.75), Failed("a", "mlp", fold: "2"), Auc("a", "lightgbm", 0.5));
        var row = report.Rows.Single();
        row.Means[0].ShouldBe(double.NaN);
        row.Ranks.ShouldBe([4, 1, 4, 4]);
        row.Gap.ShouldBe(double.PositiveInfinity);
        report.Behind.ShouldBe([row]);
        report.Ahead.ShouldBe(0);
        report.ComparedWithBaseline.Count.ShouldBe(1);
    }

    [Fact]
    public void Ahead_TelcoChurnAndSetsWithoutLightGbm_NotCounted()
    {
        var report = Report(
            Auc("a", "mlp", 0.75), Auc("a", "lightgbm", 0.5),
            Auc("b", "mlp", 0.5), Auc("b", "lightgbm", 0.5),
            Auc("telco_churn", "mlp", 0.75), Auc("telco_churn", "lightgbm", 0.5),
            Auc("c", "mlp", 0.75), Failed("c", "lightgbm"),
            Auc("d", "mlp", 0.75));
        report.Ahead.ShouldBe(1);
        report.ComparedWithBaseline.Select(r => r.Set).ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Behind_GapAboveTwoHundredthsOnly_Listed()
    {
        var report = Report(Auc("a", "mlp", 0.881), Auc("a", "linear", 0.9), Auc("b", "mlp", 0.879), Auc("b", "linear", 0.9));
        report.Behind.Select(r => r.Set).ShouldBe(["b"]);
    }

    [Fact]
    public void Slow_FitRatioAboveThreeOnly_Listed()
    {
        var report = Report(
            Auc("a", "mlp", 0.5, fit: 3), Auc("a", "lightgbm", 0.5, fit: 1),
            Auc("b", "mlp", 0.5, fit: 3.5), Auc("b", "lightgbm", 0.5, fit: 1));
        report.Rows[0].FitRatio.ShouldBe(3);
        report.Slow.Select(r => r.Set).ShouldBe(["b"]);
    }

    [Fact]
    public void FitRatio_LightGbmAbsentOrZeroSeconds_NaN()
    {
        var report = Report(Auc("a", "mlp", 0.5), Auc("b", "mlp", 0.5), Auc("b", "lightgbm", 0.5, fit: 0));
        report.Rows.Select(r => r.FitRatio).ShouldAllBe(r => double.IsNaN(r));
    }

    [Fact]
    public void Compute_LightGbmNotAReference_NothingComparedWithIt()
    {
        var report = TargetsReport.Compute(PrimaryResults.Merge([[Auc("a", "mlp", 0.75), Auc("a", "lightgbm", 0.5, fit: 2), Auc("a", "linear", 0.5)]]), "mlp", ["linear"]);
        report.ComparedWithBaseline.ShouldBeEmpty();
        report.Rows[0].FitRatio.ShouldBe(double.NaN);
        report.Rows[0].Ranks.ShouldBe([1, 2]);
    }
}
