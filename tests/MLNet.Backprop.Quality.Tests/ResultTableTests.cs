using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Reporting;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Tests;

public class ResultTableTests
{
    private static FoldResult Fold(string fold, double? slope) =>
        new("s", TaskKind.Binary, "mlp", 0, fold, slope is { } a ? new Dictionary<string, double> { ["auc"] = 0.8, ["cal_slope"] = a } : new Dictionary<string, double> { ["auc"] = 0.8 }, 1.0, null);

    private static ResultTable Table(params FoldResult[] results) =>
        new([new DataSetInfo("s", TaskKind.Binary, "s.csv")], TrainerSelection.Resolve(["mlp"], []), results);

    [Fact]
    public void Quality_MetricMissingOnOneFold_AveragesTheFoldsThatHaveIt()
    {
        var cell = Table(Fold("1", 0.9), Fold("2", null), Fold("3", 1.1)).Quality("s", "mlp", Metric.CalibrationSlope);
        cell.Ok.ShouldBeTrue();
        cell.Mean.ShouldBe(1.0, 1e-12);
        cell.Count.ShouldBe(2);
    }

    [Fact]
    public void Quality_MetricMissingOnEveryFold_IsNaN()
    {
        Table(Fold("1", null), Fold("2", null)).Quality("s", "mlp", Metric.CalibrationSlope).Mean.ShouldBe(double.NaN);
    }
}
