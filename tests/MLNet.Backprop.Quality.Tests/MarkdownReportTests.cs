using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Reporting;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Tests;

public class MarkdownReportTests
{
    private static FoldResult Fold(string trainer, double slope) =>
        new("s", TaskKind.Binary, trainer, 0, "1", new Dictionary<string, double> { ["auc"] = 0.8, ["cal_slope"] = slope }, 1.0, null);

    [Fact]
    public void Write_CalibrationSlope_BoldsTheValueClosestToOne()
    {
        // 1.2 is the highest and 0.7 the lowest; 1.2 is the closest to 1.
        var table = new ResultTable([new DataSetInfo("s", TaskKind.Binary, "s.csv")], TrainerSelection.Resolve(["mlp", "linear"], []),
            [Fold("mlp", 1.2), Fold("linear", 0.7)]);
        string md = MarkdownReport.Write(table, new Dictionary<string, string>(), new RunInfo("data", 5, [0], false, true, "", TimeSpan.Zero, null), "linear");
        md.ShouldContain("| s | binary |  | calibration slope (closest to 1 is best) | **1.2000** | 0.7000 |");
    }
}
