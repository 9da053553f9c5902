using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Targets;
using static MLNet.Backprop.Quality.Tests.TargetsFolds;

namespace MLNet.Backprop.Quality.Tests;

public class PrimaryResultsTests
{
    [Fact]
    public void Of_FoldsOfSeveralSeeds_MeanOverAllOfThem()
    {
        var results = PrimaryResults.Of([Auc("a", "mlp", 0.75, fit: 1), Auc("a", "mlp", 0.5, fit: 2, fold: "2"), Auc("a", "mlp", 1.0, fit: 6, seed: 1)])[("a", "mlp")];
        results.Mean.ShouldBe(0.75);
        results.MeanFitSeconds.ShouldBe(3);
    }

    [Fact]
    public void Of_EachTask_ItsPrimaryMetric()
    {
        var multiclass = new FoldResult("g", TaskKind.Multiclass, "mlp", 0, "1", new Dictionary<string, double> { ["log_loss"] = 9, ["macro_accuracy"] = 0.25 }, 1);
        var regression = new FoldResult("s", TaskKind.Regression, "mlp", 0, "1", new Dictionary<string, double> { ["rmse"] = 9, ["r2"] = -0.5 }, 1);
        var data = PrimaryResults.Of([multiclass, regression]);
        data[("g", "mlp")].Mean.ShouldBe(0.25);
        data[("s", "mlp")].Mean.ShouldBe(-0.5);
    }

    [Fact]
    public void Of_FailedFold_MeanNaNFitOfTheOthers()
    {
        var results = PrimaryResults.Of([Auc("a", "mlp", 0.75, fit: 4), Failed("a", "mlp", fold: "2")])[("a", "mlp")];
        results.Mean.ShouldBe(double.NaN);
        results.MeanFitSeconds.ShouldBe(4);
    }

    [Fact]
    public void Of_NoPrimaryMetricNorError_NotAnEntry()
    {
        var noPrimary = new FoldResult("a", TaskKind.Binary, "mlp", 0, "1", new Dictionary<string, double> { ["log_loss"] = 0.3 }, 1);
        PrimaryResults.Of([noPrimary]).ShouldBeEmpty();
    }

    [Fact]
    public void Merge_LaterFileHasSetAndTrainer_ReplacesAllItsFolds()
    {
        var earlier = new[] { Auc("a", "mlp", 0.75), Auc("a", "mlp", 0.25, fold: "2"), Auc("a", "lightgbm", 0.5), Auc("b", "mlp", 0.5) };
        var later = new[] { Auc("a", "mlp", 1.0, fold: "3") };
        var data = PrimaryResults.Merge([earlier, later]);
        data[("a", "mlp")].Values.ShouldBe([1.0]);
        data[("a", "lightgbm")].Mean.ShouldBe(0.5);
        data[("b", "mlp")].Mean.ShouldBe(0.5);
    }

    [Fact]
    public void Merge_LaterFileWithAFailedFold_ReplacesEarlierSuccess() =>
        PrimaryResults.Merge([[Auc("a", "mlp", 0.75)], [Failed("a", "mlp")]])[("a", "mlp")].Mean.ShouldBe(double.NaN);
}
