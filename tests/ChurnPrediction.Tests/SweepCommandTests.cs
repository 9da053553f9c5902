using ChurnPrediction;
using ChurnPrediction.CommandLine;
using ChurnPrediction.Commands;
using MLNet.Backprop;
using MLNet.Backprop.Tests.TestSupport;

namespace ChurnPrediction.Tests;

public class SweepCommandTests
{
    [Fact]
    public void Parse_SweepLists_ParsedInOrder()
    {
        var options = ArgumentParser.Parse(["sweep", "--learning-rates", "0.1,0.01", "--activations", "relu,LeakyReLU", "--optimizers", "sgd,adam",
            "--clip-norms", "off,1", "--hidden", "8,4"]);
        options.Command.ShouldBe(ChurnCommand.Sweep);
        options.LearningRates.ShouldBe([0.1f, 0.01f]);
        options.Activations.ShouldBe([Activation.ReLU, Activation.LeakyReLU]);
        options.Optimizers.ShouldBe([OptimizerKind.Sgd, OptimizerKind.Adam]);
        options.ClipNorms.ShouldBe([null, 1f]);
        options.HiddenLayers.ShouldBe([8, 4]);
    }

    [Theory]
    [InlineData(new[] { "sweep", "--learning-rates", "0.1,,0.2" }, "without empty items")]
    [InlineData(new[] { "sweep", "--learning-rates", "-1" }, "needs positive numbers; got '-1'")]
    [InlineData(new[] { "sweep", "--activations", "swish" }, "accepts identity, relu")]
    [InlineData(new[] { "sweep", "--optimizers", "lbfgs" }, "got 'lbfgs'")]
    [InlineData(new[] { "sweep", "--hidden", "0" }, "whole number ≥ 1")]
    [InlineData(new[] { "sweep", "--model", "m.zip" }, "does not apply to the sweep command")]
    [InlineData(new[] { "train", "--learning-rates", "0.1" }, "does not apply to the train command")]
    public void BadSweepArguments_ExitCode2WithAPlainMessage(string[] args, string expected)
    {
        var (code, _, error) = SampleRunner.Run(args);
        code.ShouldBe(ChurnApp.UsageError);
        error.ShouldContain(expected);
    }

    [Fact]
    public void Sweep_SmallGridOnSyntheticData_PrintsTableDiagnosisAndWritesReport()
    {
        string directory = SampleRunner.TempDirectory();
        try
        {
            var (code, output, error) = SampleRunner.Run("sweep", "--synthetic", "--epochs", "3", "--learning-rates", "0.1,0.001",
                "--activations", "relu", "--hidden", "8", "--output-dir", directory);
            code.ShouldBe(ChurnApp.Success, error);
            output.ShouldContain("Sweep: 2 MLPs");
            output.ShouldContain("lr=0.1, act=ReLU");
            output.ShouldContain("lr=0.001, act=ReLU");
            output.ShouldContain("SYNTHETIC DATA");
            output.ShouldContain("== Training diagnosis per run ==");
            File.Exists(Path.Combine(directory, SweepCommand.ReportFileName)).ShouldBeTrue();
            File.Exists(Path.Combine(directory, "sweep-gradient-flow.png")).ShouldBeTrue();
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
