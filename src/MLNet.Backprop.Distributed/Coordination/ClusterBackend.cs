using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Distributed.Shards;
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

    private readonly List<string> _checkpoints = [];

    /// <summary>The checkpoint files of the networks trained so far (one per network: <see cref="CheckpointTarget.OfNetwork"/>),
    /// removed when the whole fit completes.</summary>
    public IReadOnlyList<string> CheckpointFiles => _checkpoints;

    /// <summary>Where the run resumed, once: the first epoch report after a resume carries it.</summary>
    public ClusterResume? TakeResume() => Interlocked.Exchange(ref _resumed, null);

    public (RowLayout Layout, DataSummary Summary) Describe(IDataView schema, BackpropTask task)
    {
        var manifest = _shards.Data;
        if (manifest.Task != task)
            throw new InvalidOperationException($"The shard set '{_shards.ManifestPath}' was written for {manifest.Task}; the trainer trains {task}.");
        if (_shards.Rows > int.MaxValue) throw new InvalidOperationException($"The shard set holds {_shards.Rows:N0} rows; at most {int.MaxValue:N0} are supported.");
        var inputs = new Network.Inputs.InputShape(manifest.Columns, KeyColumns: manifest.Categorical.Count);
        return (new RowLayout(_shards.Rows, inputs, manifest.TargetWidth, manifest.HasWeights), _shards.Summary());
    }

    /// <summary>Read here, from the shards (which the coordinator must reach too, as the workers do), once per <c>Fit</c>:
    /// the rows to read are known from their indices alone, so no other row is read and no worker is involved (the
    /// sample, and the edges, cannot depend on the workers).</summary>
    public TrainingData BinningSample(int[] chosen)
    {
        var rows = Read(chosen, new Network.Inputs.InputShape(_shards.Data.Columns, KeyColumns: _shards.Data.Categorical.Count), long.MaxValue,
            "NumericEncoding.PiecewiseLinear: the coordinator reads the rows of the bin edges' sample")!;
        return new TrainingData(rows.Features, rows.Rows, rows.Columns, rows.Targets, rows.TargetWidth, rows.Weights);
    }

    /// <summary>The most values (dense) or non-zero entries (sparse) the held-out rows may hold: one array's.</summary>
    internal long MaxHeldOutValues { get; init; } = MemoryBudget.MaxArrayLength;

    /// <summary>Read here, from the shards, once per <c>Fit</c>, as the bin edges' sample is (<see cref="BinningSample"/>),
    /// in the form the network is served (a sparse row is its non-zero entries, as the share was counted:
    /// <see cref="FitPlan.ByRowShare"/>): scoring them every epoch here keeps early stopping, the history and the
    /// calibration exactly the single-process mode's (the same rows in the same order through the same code), whatever
    /// the workers.</summary>
    public TrainingData HeldOutRows(int[] rows, Network.Inputs.InputShape inputs)
    {
        var summary = _shards.Data.Summary;
        long expected = summary.NonZeros is long nonZeros && summary.Rows > 0 ? (long)Math.Ceiling(nonZeros * (double)rows.Length / summary.Rows) : 0;
        return Read(rows, inputs, MaxHeldOutValues, "The coordinator reads the held-out rows (ValidationFraction, or the automatic hold-out of early stopping)", expected)
            ?? throw new InvalidOperationException(inputs.SparseWidth > 0
                ? $"The hold-out of {rows.Length:N0} rows holds more than {MaxHeldOutValues:N0} non-zero feature values, more than one array holds, on the " +
                    "coordinator, which scores it: set a smaller ValidationFraction, or pass validation data to Fit(train, validation)."
                : $"The hold-out of {rows.Length:N0} rows × {inputs.DenseWidth:N0} features ({(long)rows.Length * inputs.DenseWidth:N0} values) does not fit in one " +
                    $"array ({MaxHeldOutValues:N0}) on the coordinator, which scores it: set a smaller ValidationFraction, or pass validation data to Fit(train, validation).");
    }

    /// <summary>The rows of <paramref name="chosen"/>, in that order, in the form of <paramref name="inputs"/>, without the
    /// class balance; null when they hold more than <paramref name="maxValues"/> values (<see cref="ShardGather.Read"/>).</summary>
    private TrainingData? Read(int[] chosen, Network.Inputs.InputShape inputs, long maxValues, string what, long expectedEntries = 0)
    {
        try
        {
            using var rows = new ShardRows(_shards.Shards, balance: null, inputs);
            var read = ShardGather.Read(rows, chosen, inputs, maxValues, expectedEntries);
            rows.CheckUnchanged();
            return read;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{what} from the shards (as the workers read their rows, at the same paths) and could not: {e.Message}", e);
        }
    }

    public MicroBatchSetup Prepare(MicroBatchJob job)
    {
        var balance = job.Balance?.ClassWeights;
        var spec = new JobSpec("", _shards.Shards,
            job.Network.Describe().Select(LayerSpec.Of).ToArray(),
            job.Loss.Kind, job.Loss.Spec.Parameter, job.Plan.Rows, job.Plan.BatchSize, job.Plan.MicroBatchSize, job.Options.Seed, job.Options.Shuffle,
            job.Options.RecordDiagnostics, balance?.Keys.ToArray(), balance?.Values.ToArray(), job.Network.Input.Describe().Select(InputPartSpec.Of).ToArray(),
            _shards.Data.HasWeights, job.Balance?.Exponent ?? 1, job.HoldOut?.Share ?? 0f, job.HoldOut?.Seed ?? 0,
            job.Map?.TargetOffset ?? 0f, job.Map?.TargetScale ?? 1f, job.Map?.FeatureMap?.Offsets, job.Map?.FeatureMap?.InverseScales);
        // The run's identity: what the workers compute with, how the coordinator steps, where it starts, and on which rows.
        byte[] identity = RunIdentity.Of(job.Network, job.Options, job.Plan, job.Balance, _shards.Shards.Select(s => $"{s.Rows} rows sha256 {s.Sha256}"), job.HoldOut,
            job.Map);
        // The workers keep a job's opened shards under its id: the same run on other shard files is another job.
        string files = string.Join("\n", _shards.Shards.Select(s => s.Path));
        spec = spec with { JobId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. identity, .. System.Text.Encoding.UTF8.GetBytes(files)]))[..24] };

        var services = options.Services!;
        var grains = services.GetRequiredService<IGrainFactory>();
        var membership = services.GetService<IClusterMembershipService>();
        string? local = services.GetService<ILocalSiloDetails>()?.Name;
        var directory = new WorkerDirectory(grains, membership, local, options.WorkerSiloNames, options.CallTimeout, log);
        string fingerprint = NumericsFingerprint.Of(spec);
        Executor = new DistributedStepExecutor(grains, directory, spec, fingerprint, job.Plan, options, log);

        RunCheckpoint? resume = null;
        string? checkpoint = options.CheckpointPath is string given ? CheckpointTarget.OfNetwork(given, job.Member) : null;
        if (checkpoint is not null) _checkpoints.Add(checkpoint);
        if (checkpoint is not null && File.Exists(checkpoint))
        {
            resume = RunCheckpointFile.Load(checkpoint, identity);
            string network = job.Member > 0 ? $"network {job.Member + 1}, " : "";
            log($"Resuming from the checkpoint '{checkpoint}': {network}epoch {resume.Epoch}, step {resume.StepInEpoch} of {job.Plan.StepsPerEpoch}.");
            _resumed = new ClusterResume { CheckpointPath = checkpoint, Epoch = resume.Epoch, StepInEpoch = resume.StepInEpoch };
        }
        return new MicroBatchSetup(Executor)
        {
            Resume = resume,
            CheckpointEverySteps = options.CheckpointEverySteps,
            Checkpoint = checkpoint is not null ? c => CheckpointTarget.Save(checkpoint, identity, c) : null,
        };
    }
}
