using MLNet.Backprop.Experiments;

namespace MLNet.Backprop.Experiments.Tests;

/// <summary>Every value a search space lists is checked before any trial, as the trainer would check it, whether or not a
/// trial draws it, and refused naming the list.</summary>
public class TuningSpaceValueTests
{
    [Theory]
    [InlineData(nameof(TuningSpace.Dropout), "TuningSpace.Dropout holds 1.5, which the trainer refuses (with the base options): Dropout must be in [0, 1); got 1.5.")]
    [InlineData(nameof(TuningSpace.BatchSize), "TuningSpace.BatchSize holds 0, which the trainer refuses (with the base options): BatchSize must be at least 1; got 0.")]
    [InlineData(nameof(TuningSpace.L2Regularization), "TuningSpace.L2Regularization holds -1, which the trainer refuses (with the base options): L2Regularization must be finite and ≥ 0; got -1.")]
    [InlineData(nameof(TuningSpace.HiddenLayers), "TuningSpace.HiddenLayers holds [8, 0], which the trainer refuses (with the base options): HiddenLayers[1] is 0; every hidden layer needs at least 1 unit.")]
    public void DrawTrials_ValueNoTrialDraws_RefusedNamingTheList(string list, string expected)
    {
        // One trial: only the base options are trained, so the bad value is never drawn. Before: accepted.
        var tuner = new BackpropTuner { NumberOfTrials = 1 };
        switch (list)
        {
            case nameof(TuningSpace.Dropout): tuner.Space.Dropout = [0f, 1.5f]; break;
            case nameof(TuningSpace.BatchSize): tuner.Space.BatchSize = [32, 0]; break;
            case nameof(TuningSpace.L2Regularization): tuner.Space.L2Regularization = [0f, -1f]; break;
            default: tuner.Space.HiddenLayers = [[8], [8, 0]]; break;
        }
        var error = Should.Throw<ArgumentOutOfRangeException>(() => tuner.DrawTrials());
        error.ParamName.ShouldBe(list);
        error.Message.ShouldStartWith(expected);
    }

    [Fact]
    public void DrawTrials_BatchSizeBelowTheBasesMicroBatch_RefusedNamingBoth()
    {
        // Valid alone, not with the base options: a trial drawing it would fail after others had trained.
        var tuner = new BackpropTuner(new BackpropTrainer.Options { MicroBatchSize = 32 }) { Space = { BatchSize = [64, 16] } };
        var error = Should.Throw<ArgumentOutOfRangeException>(() => tuner.DrawTrials());
        error.Message.ShouldStartWith("TuningSpace.BatchSize holds 16, which the trainer refuses (with the base options): MicroBatchSize must be null or in [1, BatchSize = 16]; got 32.");
    }

    [Fact]
    public void DrawTrials_ValidValues_Drawn()
    {
        var tuner = new BackpropTuner { NumberOfTrials = 8, Space = { Dropout = [0f, 0.5f], BatchSize = [16, 32], L2Regularization = [0f, 1e-4f], HiddenLayers = [[], [8, 4]] } };
        tuner.DrawTrials().Count.ShouldBe(8);
    }
}
