namespace MLNet.Backprop.Distributed;

/// <summary>
/// Where and how <see cref="DistributedBackpropTrainer"/> trains: the cluster, the shards, the checkpoints. The model's
/// options (network, optimizer, epochs, <see cref="BackpropTrainer.Options.MicroBatchSize"/>...) are the
/// <see cref="BackpropTrainer.Options"/> given beside these.
/// </summary>
public sealed class ClusterTrainingOptions
{
    /// <summary>The services of the host that runs the coordinator (required): a silo host with
    /// <see cref="BackpropSiloBuilderExtensions.AddBackpropTraining"/> (recommended: a call to a silo that died fails
    /// as soon as membership declares it dead), or a client host (calls to a dead silo are cancelled when the
    /// membership poll no longer lists it). How soon a crashed silo is declared dead is set by the silos' Orleans
    /// <c>ClusterMembershipOptions</c>, not here: 10–12 s with Orleans 10.4.2's defaults, under 1 s with the
    /// DistributedTraining sample's settings (both measured on localhost; README, "Training on a cluster").</summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>The training rows (required): a shard set written by <see cref="ShardSet.Write"/>, readable by every
    /// worker at the same paths.</summary>
    public ShardSet? Shards { get; set; }

    /// <summary>The names (<c>SiloOptions.SiloName</c>) of the silos whose workers train. Default null: every active
    /// silo but the coordinator's own. A worker that leaves is dropped and its micro-batches go to the others; one that
    /// (re)joins under a listed name, or any name when null, is used from the next step on.</summary>
    public IReadOnlyList<string>? WorkerSiloNames { get; set; }

    /// <summary>The checkpoint file, or null (default) for none. When it exists at the start of <c>Fit</c>, training
    /// resumes from it (and the first <see cref="ClusterEpochReport.ResumedFrom"/> says where); a file that is damaged or
    /// was written by another configuration (options, shards, network) makes <c>Fit</c> throw
    /// <see cref="InvalidDataException"/> rather than start over. It is rewritten every <see cref="CheckpointEverySteps"/>
    /// steps and at the start of every epoch after the first (temporary file, flush, rename), and deleted when
    /// <c>Fit</c> completes, so that a finished run is never resumed. A path that is a directory, whose folder does not exist
    /// (it is not created) or where the file cannot be created is refused when <c>Fit</c> starts, before any step, with an
    /// <see cref="IOException"/> naming this option. An ensemble (<see cref="BackpropTrainer.Options.EnsembleSize"/> set)
    /// checkpoints its first network here and each other in its own file beside it (this path and ".network2",
    /// ".network3"...), all kept until <c>Fit</c> completes.</summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Steps between two checkpoints within an epoch (a checkpoint after every step whose number, counted over
    /// the whole run from 1, is a multiple of it; an epoch's last step is followed by the next epoch's start instead).
    /// Default 0: at epoch starts only; ≥ 0.</summary>
    public int CheckpointEverySteps { get; set; }

    /// <summary>Deadline of one worker call (a block of one step); a worker that misses it is treated as failed and its
    /// block goes to another. Default 30 s; at least 100 ms.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a step waits for a worker when none is active before it fails. Default 30 s; ≥ 0.</summary>
    public TimeSpan NoWorkerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives a report at the end of every epoch: the epoch's <see cref="Training.EpochReport"/> with the workers,
    /// the throughput and the bytes moved. Default null.</summary>
    public Action<ClusterEpochReport>? Progress { get; set; }
}
