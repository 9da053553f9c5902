using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Backprop.Distributed.Coordination;

using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed;

/// <summary>
/// Trains <see cref="BackpropTrainer"/>'s MLP on the workers of a Microsoft Orleans cluster, data-parallel and
/// synchronous, and returns the same <see cref="BackpropTransformer"/> (so <c>Evaluate</c>, <c>SaveBackprop</c> and
/// ONNX export work unchanged).
/// </summary>
/// <remarks>
/// <para><b>The guarantee.</b> For given options and shards the trained weights are bit-identical whatever the number of
/// workers, whichever worker computed what (after failures and reassignments too), and equal to
/// <c>new BackpropTrainer(ml, options).Fit(data)</c> on the data view the shards were written from, run in the same
/// micro-batch mode (<see cref="BackpropTrainer.Options.MicroBatchSize"/>): the row order and dropout are counter-based
/// functions of the seed, each micro-batch's gradient sum is computed by the same code, and the sums are added in one
/// fixed binary tree over micro-batch indices. Workers must compute like the coordinator (same CPU vector width, .NET
/// runtime and C library): a numerics fingerprint checked when a worker joins leaves out any other.</para>
/// <para><b>Rows.</b> <c>Fit</c> reads no row of the data view it is given (it checks its schema: the pipeline's output
/// up to this trainer); the rows come from <see cref="ClusterTrainingOptions.Shards"/>. Validation data passed to
/// <c>Fit(train, validation)</c> is read by the coordinator. Without it, the defaults (automatic epochs) hold out about a
/// tenth of the rows for early stopping, as in memory (<see cref="BackpropTrainer.Options.ValidationFraction"/>; an
/// explicit share works too), drawn row by row from the seed (not stratified), so the single-process micro-batch mode
/// and every worker hold out the same rows; the coordinator reads those rows from the shards once (it must reach them,
/// as the workers do) and scores them each epoch, and the calibration fits on them. Categorical columns
/// (<see cref="BackpropTrainer.Options.CategoricalColumnNames"/>) travel in the shards with each row; their embedding
/// tables are reduced with the other weights and every table row is updated every step (the step's gradient is dense).
/// With an encoding or the robust scaling (so with the default input stage) the coordinator reads the rows of the bin edges' sample from the
/// shards (at most 200,000, chosen by their indices and the seed; every row when there are no more), so it must reach
/// the shards too; the edges travel to the workers with the job.</para>
/// <para><b>Input stage.</b> The cluster trains the input stage the single-process micro-batch mode does:
/// <see cref="NumericEncoding.Auto"/> and <see cref="NumericScaling.Auto"/> resolve to the in-memory default's composed
/// stage, <see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/> on 32 supervised bins with
/// <see cref="NumericScaling.RobustSmoothClip"/> and learned scales (the bins, the embedded features and the medians and
/// quartiles from the bin edges' sample the coordinator reads, sent with the job in the input parts); an explicit
/// <see cref="NumericEncoding.None"/> keeps the plain stage, robustly scaled and clipped; <see cref="NumericScaling.Standard"/>
/// standardises the features with the shards' manifest's means and deviations (sent with the job, applied by every worker
/// to the rows it reads, folded into the first layer); <see cref="BackpropTrainer.Options.StandardizeFeatures"/> = false
/// takes them as given. The explicit encodings train as in the single-process micro-batch mode, bit for bit:
/// <see cref="NumericEncoding.PiecewiseLinear"/>, <see cref="NumericEncoding.Periodic"/> (its embedded features chosen
/// on the bin edges' sample), <see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/> and
/// <see cref="BackpropTrainer.Options.LearnFeatureScales"/> (the embeddings' settings and the scales travel with the job;
/// the embeddings and the scales are weights reduced with the others).</para>
/// <para><b>Faults.</b> A worker that dies or misses its deadline has its micro-batches computed by the others, with the
/// same result; with <see cref="ClusterTrainingOptions.CheckpointPath"/> a restarted coordinator resumes from the last
/// checkpoint, again with the same result. An ensemble (<see cref="BackpropTrainer.Options.EnsembleSize"/> set) trains its
/// networks one after another, each checkpointed in its own file (the path for the first, then the path and
/// ".network2", ".network3"...): a restarted coordinator resumes each finished network from its last checkpoint (at most
/// its last epoch again) and the one in progress from where it stood; every file is removed once the fit completes.</para>
/// </remarks>
/// <example>
/// <code language="csharp"><![CDATA[
/// using Microsoft.Extensions.Hosting;
/// using Microsoft.ML;
/// using MLNet.Backprop;
/// using MLNet.Backprop.Distributed;
/// using Orleans.Hosting;
///
/// // Every silo of the cluster, workers and coordinator alike, adds the training grains. (One silo on localhost here;
/// // a real cluster uses a membership provider and a distinct SiloName per silo.)
/// using IHost host = Host.CreateDefaultBuilder()
///     .UseOrleans(silo => silo.UseLocalhostClustering().AddBackpropTraining())
///     .Build();
/// await host.StartAsync();
///
/// var options = new BackpropTrainer.Options
/// {
///     HiddenLayers = [64, 32], BatchSize = 256, MicroBatchSize = 32, NumberOfEpochs = 6, Seed = 7,
/// };
/// // Once; every silo reads the shards.
/// ShardSet shards = ShardSet.Write(ml, trainData, "/shared/churn-shards", shardCount: 3, options);
/// var trainer = new DistributedBackpropTrainer(ml, options, new ClusterTrainingOptions
/// {
///     Services = host.Services,
///     Shards = shards,
///     CheckpointPath = "/shared/churn.ckpt",
///     Progress = r => Console.WriteLine(
///         $"epoch {r.Epoch.Epoch}: loss {r.Epoch.TrainingLoss:F4}, {r.RowsPerSecond:N0} rows/s on {r.Workers.Count} workers"),
/// });
/// BackpropTransformer model = trainer.Fit(trainData);   // bit-identical to new BackpropTrainer(ml, options).Fit(trainData)
/// await host.StopAsync();
/// ]]></code>
/// </example>
public sealed class DistributedBackpropTrainer : IEstimator<BackpropTransformer>
{
    private readonly BackpropTrainer _trainer;
    private readonly BackpropTrainer.Options _options;
    private readonly ClusterTrainingOptions _cluster;
    private readonly ClusterBackend _backend;

    /// <summary>Creates the trainer; the options are checked (and copied) now.</summary>
    /// <param name="ml">The ML.NET context (seed and log).</param>
    /// <param name="options">The model's options; <see cref="BackpropTrainer.Options.MicroBatchSize"/> must be set. As in
    /// the single-process micro-batch mode, one network is trained unless <see cref="BackpropTrainer.Options.EnsembleSize"/>
    /// is set (then that many, one after another, each bit-identical to the single-process mode's, reported
    /// (<see cref="ClusterEpochReport.Network"/>) and checkpointed in its own file), the features scaled as the input stage says and a regression label standardised
    /// (<see cref="BackpropTrainer.Options.StandardizeFeatures"/> and <see cref="BackpropTrainer.Options.StandardizeLabel"/>
    /// apply, from the shards' manifest; see the remarks).</param>
    /// <param name="cluster">The cluster, shards and checkpoints.</param>
    /// <exception cref="ArgumentException">An option is missing or out of range (the message names it; an
    /// <see cref="ArgumentOutOfRangeException"/> for a value out of range, e.g. <see cref="ClusterTrainingOptions.CallTimeout"/>
    /// under 100 ms, or an input stage the cluster cannot train).</exception>
    public DistributedBackpropTrainer(MLContext ml, BackpropTrainer.Options options, ClusterTrainingOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        if (options.MicroBatchSize is null)
            throw new ArgumentException("MicroBatchSize must be set for distributed training (e.g. 32): it fixes the micro-batches whose sums the workers return.", nameof(options));
        if (cluster.Services is null) throw new ArgumentException("ClusterTrainingOptions.Services must be the coordinator's host services (a silo or client host).", nameof(cluster));
        if (cluster.Shards is null) throw new ArgumentException("ClusterTrainingOptions.Shards must name the training shards (ShardSet.Write or ShardSet.Load).", nameof(cluster));
        if (cluster.CheckpointEverySteps < 0) throw new ArgumentOutOfRangeException(nameof(cluster), cluster.CheckpointEverySteps, "CheckpointEverySteps must be ≥ 0.");
        if (cluster.CallTimeout < TimeSpan.FromMilliseconds(100)) throw new ArgumentOutOfRangeException(nameof(cluster), cluster.CallTimeout, "CallTimeout must be at least 100 ms.");
        if (cluster.NoWorkerTimeout < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(cluster), cluster.NoWorkerTimeout, "NoWorkerTimeout must be ≥ 0.");

        var host = ((IHostEnvironment)ml).Register(nameof(DistributedBackpropTrainer));
        var channel = host.Start("Cluster");
        var backend = new ClusterBackend(cluster, message => channel.Info(MessageSensitivity.None, message));
        var copy = options.Clone();
        // Every network's epochs reach the cluster's reports (an ensemble's networks train one after another); the
        // options' Progress stays the first network's, as in memory.
        copy.EveryNetworkProgress = new ClusterProgress(backend, cluster.Progress).Report;
        _trainer = new BackpropTrainer(ml, copy, backend);
        _options = copy;
        _cluster = cluster;
        _backend = backend;
    }

    /// <summary>The schema after this trainer (as <see cref="BackpropTrainer.GetOutputSchema"/>).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => _trainer.GetOutputSchema(inputSchema);

    /// <summary>The most rows of the bin edges' sample (<see cref="Training.BinningSample.MaxRows"/>; smaller in tests).</summary>
    internal int BinningSampleRows
    {
        get => _trainer.BinningSampleRows;
        set => _trainer.BinningSampleRows = value;
    }

    /// <summary>Trains on the shards; <paramref name="input"/> supplies the schema only.</summary>
    public BackpropTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>Trains on the shards, validating (and early stopping) on <paramref name="validationData"/>, which the
    /// coordinator reads.</summary>
    /// <remarks>When the run completes, its checkpoint (<see cref="ClusterTrainingOptions.CheckpointPath"/>) is deleted, so
    /// that the next <c>Fit</c> starts a new run.</remarks>
    /// <exception cref="InvalidDataException">A worker cannot read a shard, or a shard changed during the run (the message
    /// names the shard and the worker); with <see cref="NumericEncoding.PiecewiseLinear"/>, the coordinator cannot read
    /// the bin edges' sample from the shards; or the checkpoint at <see cref="ClusterTrainingOptions.CheckpointPath"/> is
    /// damaged, not a checkpoint, or was written by another configuration (the message names the file).</exception>
    /// <exception cref="InvalidOperationException">No worker is available, or the shards do not fit the options or the data
    /// view (another task, feature width, weight column or class count; the message names the column and the shard set).</exception>
    /// <exception cref="IOException"><see cref="ClusterTrainingOptions.CheckpointPath"/> is a directory, its folder does not
    /// exist or the checkpoint cannot be written there (checked before any step; the message names the option and the
    /// path), or a checkpoint could not be written during the run.</exception>
    /// <exception cref="OperationCanceledException"><see cref="BackpropTrainer.Options.CancellationToken"/> was cancelled.</exception>
    public BackpropTransformer Fit(IDataView input, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(input);
        ShardSetSchemaCheck.Verify(_cluster.Shards!, _options, input.Schema);
        if (_cluster.CheckpointPath is string target) CheckpointTarget.Verify(target);
        var model = _trainer.Fit(input, validationData);
        // A finished run's checkpoints would make the next Fit "resume" it (two steps, the same weights): they are
        // removed, every network's (each kept its own until the whole fit completed).
        if (_cluster.CheckpointPath is string checkpoint) File.Delete(checkpoint);
        foreach (string file in _backend.CheckpointFiles) File.Delete(file);
        return model;
    }

    /// <summary>Forwards each epoch's report of every network, with the cluster's figures, to the cluster's callback.</summary>
    private sealed class ClusterProgress(ClusterBackend backend, Action<ClusterEpochReport>? cluster)
    {
        public void Report(int member, EpochReport value)
        {
            if (backend.Executor is not { } executor) return;
            var s = executor.TakeStatistics();
            cluster?.Invoke(new ClusterEpochReport
            {
                Network = member + 1,
                ResumedFrom = backend.TakeResume(),
                Failures = s.Failures,
                Epoch = value,
                Workers = s.Workers,
                Steps = s.Steps,
                RowsPerSecond = s.Busy > TimeSpan.Zero ? s.Rows / s.Busy.TotalSeconds : 0,
                BytesToWorkers = s.BytesTo,
                BytesFromWorkers = s.BytesFrom,
                Reassignments = s.Reassignments,
            });
        }
    }
}
