using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Experiments.Tests;

/// <summary>A search cancelled while its trials train, and trials that diverge: an OperationCanceledException whatever
/// the parallelism; the diverged trials recorded as failed and the best one a trial that trained.</summary>
public class TunerFailureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Tune_CancelledWhileTrialsTrain_OperationCanceledWhateverTheParallelism(int parallelism)
    {
        var ml = new MLContext(0);
        using var cancel = new CancellationTokenSource();
        int reports = 0;
        var tuner = new BackpropTuner(new BackpropTrainer.Options { NumberOfEpochs = 500, EarlyStoppingPatience = 500, BatchSize = 32 })
        {
            NumberOfTrials = 8, MaxDegreeOfParallelism = parallelism, Space = { HiddenLayers = [[4], [8]] },
            // Cancelled when the first trial's first fold is scored: with 4 at once the others are then mid-fit. (A timer
            // did not do: its callback waits for a thread-pool thread, which the fits hold; under CI's load the whole
            // search once ended before it ran.)
            Progress = _ => { Interlocked.Increment(ref reports); cancel.Cancel(); },
        };
        Should.Throw<OperationCanceledException>(() => tuner.Tune(ml, Tabular.Load(ml, 600, 1), cancel.Token));
        // Only trials that ended their fold before they saw the cancellation report it: at most one per thread, of the
        // 8 + 4 + 2 the whole search would report.
        reports.ShouldBeInRange(1, parallelism);
    }

    [Fact]
    public void Tune_TrialsThatDiverge_RecordedAsFailedAndTheBestTrained()
    {
        var ml = new MLContext(0);
        var tuner = new BackpropTuner(new BackpropTrainer.Options { NumberOfEpochs = 5, BatchSize = 32, Optimizer = OptimizerKind.Sgd })
        {
            NumberOfTrials = 6, MaxDegreeOfParallelism = 2, Strategy = TuningStrategy.RandomSearch,
            Space = { HiddenLayers = [[8]], MinimumLearningRate = 1e3f, MaximumLearningRate = 1e6f },
        };
        var data = Tabular.Load(ml, 300, 1);
        var result = tuner.Tune(ml, data);
        var failed = result.Trials.Where(t => t.Error is not null).ToArray();
        failed.ShouldNotBeEmpty();
        failed.ShouldAllBe(t => double.IsNaN(t.Score));
        result.Best.Error.ShouldBeNull();
        double.IsFinite(result.Best.Score).ShouldBeTrue();
        new BackpropTrainer(ml, result.BestOptions).Fit(data).Model.History.Epochs.ShouldNotBeEmpty();
    }
}
