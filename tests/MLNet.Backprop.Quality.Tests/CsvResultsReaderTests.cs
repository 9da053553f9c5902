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
        new("glass", TaskKind.Multiclass, "lightgbm", 0, "1", new Dictionary<string, double> { ["macro_accuracy"] = 0.7, ["log_loss"] = 0.81234567890123 }, 1.5),
        new("glass", TaskKind.Multiclass, "lightgbm", 0, "2", new Dictionary<string, double> { ["macro_accuracy"] = 0.6, ["log_loss"] = 0.9 }, 1.25),
        new("glass", TaskKind.Multiclass, "wide", 0, "1", new Dictionary<string, double>(), 0.5, "boom"),
        new("glass", TaskKind.Multiclass, "wide", 0, "2", new Dictionary<string, double> { ["macro_accuracy"] = 0.5, ["log_loss"] = 1.0 }, 0.5),
    ];

    [Fact]
    public void Parse_WrittenCsv_SameNumbers()
    {
        var read = CsvResultsReader.Parse(CsvReport.Write(Results), seedOfFilesWithoutSeeds: 9);
        read.Count.ShouldBe(4);
        read[0].Metrics["log_loss"].ShouldBe(0.81234567890123);
        read[1].FitSeconds.ShouldBe(1.25);
        read[2].Failed.ShouldBeTrue();
        read[3].Task.ShouldBe(TaskKind.Multiclass);
    }

    [Fact]
    public void Parse_OtherHeader_Throws() => Should.Throw<InvalidDataException>(() => CsvResultsReader.Parse("a,b\n1,2\n", 0));

    [Fact]
    public void Select_TrainersNotRunning_ReusedWithTitles()
    {
        var (trainers, results) = ReusedTrainers.Select(Results, [StandardTrainers.All[0]], ["glass"], folds: 2, seeds: [0], "x.csv");
        trainers.Select(t => t.Title).ShouldBe(["LightGbm", "MLP:wide"]);
        trainers[1].IsMlp.ShouldBeTrue();
        results.Count.ShouldBe(4);
    }

    [Fact]
    public void Select_OtherFoldCount_Throws() =>
        Should.Throw<UsageException>(() => ReusedTrainers.Select(Results, [], ["glass"], folds: 5, seeds: [0], "x.csv")).Message.ShouldContain("2 folds");

    [Fact]
    public void Parse_WrittenCsv_SameSeeds()
    {
        FoldResult[] twoSeeds = [Results[0], Results[0] with { Seed = 4, Metrics = new Dictionary<string, double> { ["macro_accuracy"] = 0.65 } }];
        var read = CsvResultsReader.Parse(CsvReport.Write(twoSeeds), seedOfFilesWithoutSeeds: 9);
        read.Select(r => r.Seed).ShouldBe([0, 4]);
        read[1].Metrics["macro_accuracy"].ShouldBe(0.65);
    }

    [Fact]
    public void Parse_FileWithoutSeedColumn_RowsGetTheGivenSeed()
    {
        const string before = "set,task,trainer,fold,metric,value,fit_seconds\n"
            + "glass,multiclass,lightgbm,1,macro_accuracy,0.7,1.5000\nglass,multiclass,lightgbm,2,macro_accuracy,0.6,1.2500\n"
            + "glass,multiclass,wide,1,error,,0.5000\n";
        var read = CsvResultsReader.Parse(before, seedOfFilesWithoutSeeds: 3);
        read.Count.ShouldBe(3);
        read.ShouldAllBe(r => r.Seed == 3);
        read[1].Fold.ShouldBe("2");
        read[1].Metrics["macro_accuracy"].ShouldBe(0.6);
        read[2].Failed.ShouldBeTrue();
    }

    [Fact]
    public void Select_OtherSeeds_ThrowsNamingThem() =>
        Should.Throw<UsageException>(() => ReusedTrainers.Select(Results, [], ["glass"], folds: 2, seeds: [0, 1], "x.csv"))
            .Message.ShouldContain("seed(s) 0; this run uses 0-1");

    [Fact]
    public void Select_FoldsMissingInOneSeed_Throws()
    {
        FoldResult[] file = [.. Results, Results[0] with { Seed = 1 }, Results[2] with { Seed = 1 }, Results[3] with { Seed = 1 }];
        Should.Throw<UsageException>(() => ReusedTrainers.Select(file, [], ["glass"], folds: 2, seeds: [0, 1], "x.csv"))
            .Message.ShouldContain("1 folds of lightgbm on glass (seed 1)");
    }

    [Fact]
    public void Select_FixedSplitWithOtherSeed_Throws()
    {
        FoldResult[] file = [new("telco_churn", TaskKind.Binary, "linear", 2, "test", new Dictionary<string, double> { ["auc"] = 0.8 }, 1.0)];
        Should.Throw<UsageException>(() => ReusedTrainers.Select(file, [], ["telco_churn"], folds: 5, seeds: [0, 1, 2], "x.csv"))
            .Message.ShouldContain("seed 0 for a fixed split");
        ReusedTrainers.Select(file, [], ["telco_churn"], folds: 5, seeds: [2, 3], "x.csv").Results.Count.ShouldBe(1);
    }
}
