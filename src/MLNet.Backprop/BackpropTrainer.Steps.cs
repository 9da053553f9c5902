using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

// Who computes a network's steps, by the plan's mode: the default loop on this process's mini-batches, or the
// micro-batch mode's executor (this machine's threads, or a backend's workers).
public sealed partial class BackpropTrainer
{
    private TrainingHistory RunSteps(FitPlan plan, int member, NeuralNetwork network, TrainingSet set, TrainingOptions training, IProgress<EpochReport>? progress,
        ITrainingMonitor monitor, CancellationToken cancellation)
    {
        switch (plan.Mode)
        {
            case FitMode.InMemory or FitMode.Streaming:
                return MlpTrainer.Train(network, set.Batches!, training, set.Validation, progress, cancellation, monitor);
            case FitMode.LocalMicroBatch or FitMode.Cluster:
                if (set.Layout.Rows > int.MaxValue)
                    throw new InvalidOperationException($"The micro-batch mode trains on at most {int.MaxValue:N0} rows; the data has {set.Layout.Rows:N0}.");
                var steps = new MicroBatchPlan((int)set.Layout.Rows, training.BatchSize, plan.MicroBatchSize!.Value);
                var loss = LossFunctions.Create(training.Loss);
                // The maps go with the job: the workers standardise the rows they read as this process does.
                var map = plan.Standardization.IsIdentity ? null : plan.Standardization;
                var setup = plan.Mode == FitMode.Cluster
                    ? _backend!.Prepare(new MicroBatchJob(network, loss, steps, training, set.Balance, set.RowHoldOut, map, member))
                    : new MicroBatchSetup(new LocalStepExecutor(network, loss, Standardized(set.Rows ?? throw RowsNotInMemory(), map), steps, training.Seed,
                        training.Shuffle, training.ResolvedThreads, training.RecordDiagnostics));
                return MlpTrainer.Train(network, set.Layout, training, set.Validation, progress, cancellation, monitor, setup);
            default:
                throw new ArgumentOutOfRangeException(nameof(plan), plan.Mode, "Unknown fit mode.");
        }
    }

    private static IRowSource Standardized(IRowSource rows, Standardization? map) => map is null ? rows : new StandardizedRows(rows, map);

    // The local micro-batch mode holds its rows in memory (DataLoading.InMemory is required with MicroBatchSize).
    private static InvalidOperationException RowsNotInMemory() =>
        new("The local micro-batch mode needs the training rows in memory, by index; the plan made them streamed.");
}
