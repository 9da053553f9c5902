using System.Globalization;
using System.Text;
using MLNet.Backprop.Quality.CommandLine;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Diagnosis;

namespace MLNet.Backprop.Quality.Tests;

/// <summary><c>--findings</c> on a small synthetic set: one fit per MLP column, every finding of its diagnosis listed
/// (a broken column's included), the curves behind them one line per epoch and layer.</summary>
public sealed class FindingsCommandTests : IDisposable
{
    private static readonly DataSetInfo Synthetic = new("synthetic", TaskKind.Binary, "synthetic.csv", PositiveClass: "yes");
    private readonly string _directory = Directory.CreateTempSubdirectory("quality-findings-").FullName;

    public FindingsCommandTests()
    {
        var random = new Random(3);
        var csv = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 150; i++)
        {
            double x1 = random.NextDouble(), x2 = random.NextDouble();
            csv.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{(x1 + x2 + 0.3 * random.NextDouble() > 1.1 ? "yes" : "no")}\n");
        }
        File.WriteAllText(Path.Combine(_directory, Synthetic.TrainFile), csv.ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Run_HealthyAndDeadColumns_ListsEachFitAndTheDeadOnesFinding()
    {
        // Every ReLU unit starts at a bias of -5 on inputs of unit scale: nothing passes, a Critical DeadUnits finding.
        var options = ArgumentParser.Parse(["--findings", "--trainers", "small,dead", "--output", Path.Combine(_directory, "out"),
            "--mlp", "small:HiddenLayers=8;NumberOfEpochs=5",
            "--mlp", "dead:HiddenLayers=8;NumberOfEpochs=5;Activation=ReLU;InitialBias=-5"]);
        var trainers = FindingsCommand.Trainers(options);
        var output = new StringWriter();

        int status = FindingsCommand.Run(options, [Synthetic], trainers, _directory, output, TextWriter.Null);

        status.ShouldBe(0);
        var lines = File.ReadAllLines(Path.Combine(_directory, "out", "findings.csv"));
        lines[0].ShouldBe(FindingsReport.Header);
        lines.ShouldContain(l => l.StartsWith("synthetic,dead,5,", StringComparison.Ordinal) && l.Contains(",DeadUnits,Critical,"));
        lines.Skip(1).ShouldAllBe(l => l.StartsWith("synthetic,small,5,", StringComparison.Ordinal) || l.StartsWith("synthetic,dead,5,", StringComparison.Ordinal));
        var epochs = File.ReadAllLines(Path.Combine(_directory, "out", "findings-epochs.csv"));
        epochs.Length.ShouldBe(1 + 2 * 5 * 2); // two fits, five epochs, a hidden and an output layer
        output.ToString().ShouldContain("| synthetic | dead | 5 (");
        output.ToString().ShouldContain("DeadUnits (Critical, layer 0");
        File.ReadAllText(Path.Combine(_directory, "out", "findings.md")).ShouldBe(output.ToString());
    }

    [Fact]
    public void Trainers_NoTrainersOption_TheDefaultMlpAlone() =>
        FindingsCommand.Trainers(ArgumentParser.Parse(["--findings"])).Select(t => t.Key).ShouldBe(["mlp"]);

    [Theory]
    [InlineData("lightgbm")]
    [InlineData("tuned")]
    public void Trainers_NotABackpropFit_RefusedNamingIt(string trainer) =>
        Should.Throw<UsageException>(() => FindingsCommand.Trainers(ArgumentParser.Parse(["--findings", "--trainers", trainer])))
            .Message.ShouldContain($"'{trainer}' has none");

    [Fact]
    public void Run_MissingFile_ErrorRowAndExitCodeOne()
    {
        var options = ArgumentParser.Parse(["--findings", "--output", Path.Combine(_directory, "out")]);
        var missing = new DataSetInfo("missing", TaskKind.Binary, "missing.csv", PositiveClass: "yes");

        int status = FindingsCommand.Run(options, [missing], FindingsCommand.Trainers(options), _directory, new StringWriter(), TextWriter.Null);

        status.ShouldBe(1);
        File.ReadAllLines(Path.Combine(_directory, "out", "findings.csv"))[1].ShouldStartWith("missing,mlp,,,,,,,,,");
    }
}
