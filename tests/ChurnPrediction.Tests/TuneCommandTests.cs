using ChurnPrediction;
using ChurnPrediction.CommandLine;
using ChurnPrediction.Commands;
using ChurnPrediction.Modeling;
using MLNet.Backprop.Experiments;

namespace ChurnPrediction.Tests;

public class TuneCommandTests
{
    [Fact]
    public void Parse_Tune_TrialsSeedAndData()
    {
        var options = ArgumentParser.Parse(["tune", "--trials", "5", "--seed", "2", "--synthetic"]);
        options.ShouldBe(new ChurnOptions { Command = ChurnCommand.Tune, Trials = 5, Seed = 2, Synthetic = true });
    }

    [Theory]
    [InlineData(new[] { "tune", "--trials", "0" }, "whole number ≥ 1")]
    [InlineData(new[] { "tune", "--epochs", "5" }, "does not apply to the tune command")]
    [InlineData(new[] { "train", "--trials", "5" }, "does not apply to the train command")]
    [InlineData(new[] { "calibrate", "--trials", "5" }, "does not apply to the calibrate command")]
    [InlineData(new[] { "calibrate", "--epochs", "5" }, "does not apply to the calibrate command")]
    public void BadTuneOrCalibrateArguments_ExitCode2WithAPlainMessage(string[] args, string expected)
    {
        var (code, _, error) = SampleRunner.Run(args);
        code.ShouldBe(ChurnApp.UsageError);
        error.ShouldContain(expected);
    }

    [Fact]
    public void Parse_Calibrate_SeedAndData()
    {
        ArgumentParser.Parse(["calibrate", "--seed", "3", "--synthetic"])
            .ShouldBe(new ChurnOptions { Command = ChurnCommand.Calibrate, Seed = 3, Synthetic = true });
    }

    [Fact]
    public void Tuner_StartsFromTheSampleConfigurationAndCrossValidatesEveryTrial()
    {
        var tuner = ChurnPipeline.Tuner(seed: 0, trials: TuneCommand.DefaultTrials);
        tuner.Strategy.ShouldBe(TuningStrategy.RandomSearch);
        tuner.NumberOfFolds.ShouldBe(5);
        var trial0 = tuner.DrawTrials()[0].Options;
        var sample = ChurnPipeline.TrainerOptions(seed: 0);
        trial0.HiddenLayers.ShouldBe(sample.HiddenLayers);
        trial0.LearningRate.ShouldBe(sample.LearningRate);
        trial0.EnsembleSize.ShouldBe(sample.EnsembleSize);
        trial0.ClassWeighting.ShouldBe(sample.ClassWeighting);
    }
}
