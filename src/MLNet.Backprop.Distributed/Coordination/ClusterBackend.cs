using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Distributed.Workers;
using MLNet.Backprop.Training;
using Orleans.Runtime;

namespace MLNet.Backprop.Distributed.Coordination;

/// <summary>The cluster as the trainer's micro-batch backend: the rows are the shard set's, the steps run on the workers,
/// the checkpoints go to <see cref="ClusterTrainingOptions.CheckpointPath"/>.</summary>
internal sealed class ClusterBackend(ClusterTrainingOptions options, Action<string> log) : IMicroBatchBackend
{
    private readonly ShardSet _shards = options.Shards!;

    /// <summary>The executor of the run in progress (for the epoch reports).</summary>
    public DistributedStepExecutor? Executor { get; private set; }

    private ClusterResume? _resumed;

    /// <summary>Where the run resumed, once: the first epoch report after a resume carries it.</summary>
    public ClusterResume? TakeResume() => Interlocked.Exchange(ref _resumed, null);

    public (IBatchSource Shape, DataSummary Summary) Describe(IDataView schema, BackpropTask task)
    {
        var manifest = _shards.Data;
        if (manifest.Task != task)
            throw new InvalidOperationException($"The shard set '{_shards.ManifestPath}' was written for {manifest.Task}; the trainer trains {task}.");
        if (_shards.Rows > int.MaxValue) throw new InvalidOperationException($"The shard set holds {_shards.Rows:N0} rows; at most {int.MaxValue:N0} are supported.");
        return (new RowShape((int)_shards.Rows, manifest.Columns, manifest.TargetWidth, manifest.HasWeights), _shards.Summary());
    }

    public MicroBatchSetup Prepare(MicroBatchJob job)
    {
        var manifest = _shards.Data;
        var weights = new float[job.Network.ParameterCount];
        ParameterVector.CopyValues(job.Network, weights);
        var balance = job.Balance?.ClassWeights;
        var spec = new JobSpec("", _shards.Shards,
            job.Network.Layers.Select(l => new LayerSpec(l.InputSize, l.OutputSize, l.Activation, l.Description.LeakyReluSlope, l.Description.EluAlpha, l.DropoutRate)).ToArray(),
            job.Loss.Kind, job.Options.HuberDelta, job.Plan.Rows, job.Plan.BatchSize, job.Plan.MicroBatchSize, job.Options.Seed, job.Options.Shuffle,
            job.Options.RecordDiagnostics, balance?.Keys.ToArray(), balance?.Values.ToArray(), manifest.HasWeights);
        // The run's identity: what the workers compute with, how the coordinator steps, and where it starts.
        var engine = JsonSerializer.SerializeToNode(job.Options)!.AsObject();
        engine.Remove(nameof(TrainingOptions.NumberOfThreads)); // threads do not change the bits
        string configuration = JsonSerializer.Serialize(spec) + engine.ToJsonString() +
            Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan())));
        byte[] identity = RunCheckpointFile.Identity(configuration);
        spec = spec with { JobId = Convert.ToHexStringLower(identity)[..24] };

        var services = options.Services!;
        var grains = services.GetRequiredService<IGrainFactory>();
        var membership = services.GetService<IClusterMembershipService>();
        string? local = services.GetService<ILocalSiloDetails>()?.Name;
        var directory = new WorkerDirectory(grains, membership, local, options.WorkerSiloNames, options.CallTimeout, log);
        string fingerprint = NumericsFingerprint.Of(spec);
        Executor = new DistributedStepExecutor(grains, directory, spec, fingerprint, job.Plan, options, log);

        RunCheckpoint? resume = null;
        if (options.CheckpointPath is string path && File.Exists(path))
        {
            resume = RunCheckpointFile.Load(path, identity);
            log($"Resuming from the checkpoint '{path}': epoch {resume.Epoch}, step {resume.StepInEpoch} of {job.Plan.StepsPerEpoch}.");
            _resumed = new ClusterResume { CheckpointPath = path, Epoch = resume.Epoch, StepInEpoch = resume.StepInEpoch };
        }
        return new MicroBatchSetup(Executor)
        {
            Resume = resume,
            CheckpointEverySteps = options.CheckpointEverySteps,
            Checkpoint = options.CheckpointPath is string target ? c => RunCheckpointFile.Save(target, identity, c) : null,
        };
    }
}
