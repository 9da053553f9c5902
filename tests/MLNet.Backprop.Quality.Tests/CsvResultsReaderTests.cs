using MLNet.Backprop.Quality.CommandLine;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Reporting;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Tests;

public class CsvResultsReaderTests
{
    private static readonly FoldResult[] Results =
    [
        new("glass", TaskKind.Multiclass, "lightgbm", "1", new Dictionary<string, double> { ["macro_accuracy"] = 0.7, ["log_loss"] = 0.81234567890123 }, 1.5),
        new("glass", TaskKind.Multiclass, "lightgbm", "2", new Dictionary<string, double> { ["macro_accuracy"] = 0.6, ["log_loss"] = 0.9 }, 1.25),
        new("glass", TaskKind.Multiclass, "wide", "1", new Dictionary<string, double>(), 0.5, "boom"),
        new("glass", TaskKind.Multiclass, "wide", "2", new Dictionary<string, double> { ["macro_accuracy"] = 0.5, ["log_loss"] = 1.0 }, 0.5),
    ];

    [Fact]
    public void Parse_WrittenCsv_SameNumbers()
    {
        var read = CsvResultsReader.Parse(CsvReport.Write(Results));
        read.Count.ShouldBe(4);
        read[0].Metrics["log_loss"].ShouldBe(0.81234567890123);
        read[1].FitSeconds.ShouldBe(1.25);
        read[2].Failed.ShouldBeTrue();
        read[3].Task.ShouldBe(TaskKind.Multiclass);
    }

    [Fact]
    public void Parse_OtherHeader_Throws() => Should.Throw<InvalidDataException>(() => CsvResultsReader.Parse("a,b\n1,2\n"));

    [Fact]
    public void Select_TrainersNotRunning_ReusedWithTitles()
    {
        var (trainers, results) = ReusedTrainers.Select(Results, [StandardTrainers.All[0]], ["glass"], folds: 2, "x.csv");
        trainers.Select(t => t.Title).ShouldBe(["LightGbm", "MLP:wide"]);
        trainers[1].IsMlp.ShouldBeTrue();
        results.Count.ShouldBe(4);
    }

    [Fact]
    public void Select_OtherFoldCount_Throws() =>
        Should.Throw<UsageException>(() => ReusedTrainers.Select(Results, [], ["glass"], folds: 5, "x.csv")).Message.ShouldContain("2 folds");
}
