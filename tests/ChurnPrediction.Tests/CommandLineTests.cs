using ChurnPrediction;
using ChurnPrediction.CommandLine;

namespace ChurnPrediction.Tests;

public class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--seed" }, "option '--seed' needs a value")]
    [InlineData(new[] { "--seed", "--quiet" }, "option '--seed' needs a value")]
    [InlineData(new[] { "--epochs", "ten" }, "option '--epochs' needs a whole number ≥ 1; got 'ten'")]
    [InlineData(new[] { "--seed", "-1" }, "option '--seed' needs a whole number ≥ 0; got '-1'")]
    [InlineData(new[] { "--epochs=0" }, "got '0'")]
    [InlineData(new[] { "fly" }, "unknown command 'fly'")]
    [InlineData(new[] { "predict", "--input", "x.csv" }, "needs --model FILE")]
    [InlineData(new[] { "predict", "--model", "m.zip" }, "needs --input CSV")]
    [InlineData(new[] { "train", "--model", "m.zip" }, "does not apply to the train command")]
    [InlineData(new[] { "--data", "a.csv", "--synthetic" }, "cannot be combined")]
    [InlineData(new[] { "--quiet", "--quiet" }, "given twice")]
    public void BadArguments_ExitCode2WithAPlainMessage(string[] args, string expected)
    {
        var (code, output, error) = SampleRunner.Run(args);
        code.ShouldBe(ChurnApp.UsageError);
        error.ShouldContain(expected);
        error.ShouldNotContain("   at "); // no stack trace
        output.ShouldBeEmpty();
    }

    [Fact]
    public void Help_DocumentsEveryOption()
    {
        var (code, output, _) = SampleRunner.Run("--help");
        code.ShouldBe(ChurnApp.Success);
        foreach (string option in new[] { "train", "predict", "evaluate", "--data", "--synthetic", "--seed", "--epochs", "--output-dir", "--quiet", "--model", "--input", "--output", "sweep", "--learning-rates", "--activations", "--optimizers", "--clip-norms", "--hidden", "tune", "--trials", "calibrate" })
            output.ShouldContain(option);
    }

    [Fact]
    public void Parse_ValuesAndDefaults()
    {
        ArgumentParser.Parse([]).ShouldBe(new ChurnOptions());
        var options = ArgumentParser.Parse(["train", "--seed=7", "--epochs", "20", "--output-dir", "out", "--quiet"]);
        options.ShouldBe(new ChurnOptions { Seed = 7, Epochs = 20, OutputDirectory = "out", Quiet = true });
        ArgumentParser.Parse(["predict", "--model", "m.zip", "--input", "in.csv", "--output", "o.csv"])
            .ShouldBe(new ChurnOptions { Command = ChurnCommand.Predict, ModelPath = "m.zip", InputPath = "in.csv", OutputPath = "o.csv" });
    }
}
