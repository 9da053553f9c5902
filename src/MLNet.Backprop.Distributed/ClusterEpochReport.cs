using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed;

/// <summary>One epoch of distributed training: what the model learned (<see cref="Epoch"/>) and what the cluster did.</summary>
public sealed record ClusterEpochReport
{
    /// <summary>The epoch's losses, metrics and statistics, as a single-process run reports them.</summary>
    public required EpochReport Epoch { get; init; }

    /// <summary>The network of the model the epoch trained, from 1: 1 unless <see cref="BackpropTrainer.Options.EnsembleSize"/>
    /// is set above 1, when the ensemble's networks train one after another and each one's epochs are reported (each
    /// starting again at epoch 1). The options' <see cref="BackpropTrainer.Options.Progress"/> gets the first network's only.</summary>
    public int Network { get; init; } = 1;

    /// <summary>The workers that computed at least one block in the epoch, by silo name.</summary>
    public required IReadOnlyList<string> Workers { get; init; }

    /// <summary>Steps run in the epoch (fewer than the epoch's steps after a resume from a checkpoint).</summary>
    public required int Steps { get; init; }

    /// <summary>Training rows per second of the wall-clock time the epoch's steps spent getting their gradients (the
    /// worker calls, waiting for workers, and the reduction; the coordinator's weight updates and validation excluded).</summary>
    public required double RowsPerSecond { get; init; }

    /// <summary>Payload bytes sent to the workers (the weights, 4 per parameter, once per call).</summary>
    public required long BytesToWorkers { get; init; }

    /// <summary>Payload bytes received from the workers (4 per parameter per reduction-tree node returned).</summary>
    public required long BytesFromWorkers { get; init; }

    /// <summary>Blocks given to another worker after a call failed or timed out.</summary>
    public required int Reassignments { get; init; }

    /// <summary>The worker calls that failed or missed their deadline in the epoch, in order; each one's block went to the
    /// other workers (so there are <see cref="Reassignments"/> of them). Empty when every call succeeded.</summary>
    public IReadOnlyList<ClusterWorkerFailure> Failures { get; init; } = [];

    /// <summary>Set in the first report after <c>Fit</c> resumed from a checkpoint: where the run picked up. Null otherwise.</summary>
    public ClusterResume? ResumedFrom { get; init; }
}
