using MLNet.Backprop.Quality.CommandLine;
using MLNet.Backprop.Quality.Reporting;
using static MLNet.Backprop.Quality.Tests.TargetsFolds;

namespace MLNet.Backprop.Quality.Tests;

/// <summary><c>--targets</c> from the command line: its options, its files and its exit codes.</summary>
public sealed class TargetsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("quality-targets-").FullName;

    public TargetsCommandTests() =>
        File.WriteAllText(Path.Combine(_directory, "folds.csv"), CsvReport.Write([
            Auc("a", "mlp", 0.75), Auc("a", "lightgbm", 0.5), Auc("a", "fasttree", 0.5), Auc("a", "linear", 0.25)]));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var (@out, err) = (new StringWriter(), new StringWriter());
        int code = QualityApp.Run(args, @out, err);
        return (code, @out.ToString(), err.ToString());
    }

    [Fact]
    public void Parse_Targets_CandidateReferencesAndFiles()
    {
        var options = ArgumentParser.Parse(["--targets", "wide", "--target-references", "lightgbm,linear", "--from", "a/folds.csv, b"]);
        options.TargetCandidate.ShouldBe("wide");
        options.TargetReferences.ShouldBe(["lightgbm", "linear"]);
        options.TargetFiles.ShouldBe(["a/folds.csv", "b"]);
    }

    [Theory]
    [InlineData("--sets", "glass")]
    [InlineData("--trainers", "mlp")]
    [InlineData("--mlp", "x:BatchSize=8")]
    [InlineData("--quick")]
    [InlineData("--output", "dir")]
    public void Parse_TargetsWithATrainingOption_ThrowsNamingIt(params string[] training) =>
        Should.Throw<UsageException>(() => ArgumentParser.Parse(["--targets", "mlp", "--from", "f.csv", .. training])).Message.ShouldContain($"'{training[0]}'");

    [Theory]
    [InlineData("--from", "f.csv")]
    [InlineData("--target-references", "linear")]
    public void Parse_TargetOptionWithoutTargets_Throws(string name, string value) =>
        Should.Throw<UsageException>(() => ArgumentParser.Parse([name, value])).Message.ShouldContain("goes with --targets");

    [Fact]
    public void Parse_TargetsWithoutFrom_Throws() =>
        Should.Throw<UsageException>(() => ArgumentParser.Parse(["--targets", "mlp"])).Message.ShouldContain("needs --from");

    [Fact]
    public void Run_Folder_ReportOnStdoutExitZero()
    {
        var (code, @out, _) = Run("--targets", "mlp", "--from", _directory);
        code.ShouldBe(0);
        @out.ShouldContain("mean rank: mlp 1.00, lightgbm 2.00, fasttree 2.00, linear 4.00");
        @out.ShouldContain("ahead of lightgbm: 1/1");
    }

    [Fact]
    public void Run_MissingFile_ExitTwoNamingIt()
    {
        string missing = Path.Combine(_directory, "nope.csv");
        var (code, _, err) = Run("--targets", "mlp", "--from", $"{_directory},{missing}");
        code.ShouldBe(2);
        err.ShouldContain(missing);
    }

    [Fact]
    public void Run_NotAFoldsCsv_ExitTwoNamingIt()
    {
        string other = Path.Combine(_directory, "other.csv");
        File.WriteAllText(other, "a,b\n1,2\n");
        var (code, _, err) = Run("--targets", "mlp", "--from", other);
        code.ShouldBe(2);
        err.ShouldContain($"--from {other}");
    }

    [Fact]
    public void Run_UnknownCandidate_ExitTwoNamingItAndTheTrainersHeld()
    {
        var (code, _, err) = Run("--targets", "wide", "--from", _directory);
        code.ShouldBe(2);
        err.ShouldContain("'wide'");
        err.ShouldContain("fasttree, lightgbm, linear, mlp");
    }

    [Fact]
    public void Run_UnknownReference_ExitTwoNamingIt()
    {
        var (code, _, err) = Run("--targets", "mlp", "--target-references", "lightgbm,sdca", "--from", _directory);
        code.ShouldBe(2);
        err.ShouldContain("'sdca'");
    }

    [Fact]
    public void Run_CandidateAmongReferences_ExitTwo() =>
        Run("--targets", "lightgbm", "--from", _directory).Err.ShouldContain("also a reference");
}
