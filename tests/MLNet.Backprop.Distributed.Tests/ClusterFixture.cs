using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>Every silo of the test clusters: training workers, failure detection shortened as in the sample (a crashed
/// silo process is declared dead in under 1 s instead of 10–12 s with Orleans' defaults: samples/DistributedTraining/Cluster.cs),
/// and a filter that can hold a worker call on one silo (see <see cref="StallFilter"/>). <c>KillSiloAsync</c> does not need
/// the shortening: it stops an in-process silo at once (a cancelled StopAsync), and the cluster learns of it without
/// probing (the held block was reassigned 0.16–0.27 s after it, with or without these settings, 2026-12-06); the settings
/// bound the wait should a silo vanish without a word.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder silo)
    {
        silo.AddBackpropTraining();
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        });
        silo.AddIncomingGrainCallFilter<StallFilter>();
    }
}

/// <summary>A 3-silo in-process cluster (names Primary, Secondary_1, Secondary_2) whose primary silo hosts the
/// coordinator, and the test data written as 3 shards.</summary>
public class ClusterFixture : IAsyncLifetime
{
    public const int Rows = 700;

    public TestCluster Cluster { get; private set; } = null!;

    public TimeSpan StartTime { get; private set; }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"mlbp-distributed-{Guid.NewGuid():N}");

    public MLContext Ml { get; } = new(seed: 0);

    public IDataView Data { get; private set; } = null!;

    public ShardSet Shards { get; private set; } = null!;

    /// <summary>The coordinator's host services: the primary silo's.</summary>
    public IServiceProvider Coordinator => ((InProcessSiloHandle)Cluster.Primary!).SiloHost!.Services;

    public static string[] SiloNames => ["Primary", "Secondary_1", "Secondary_2"];

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        var builder = new TestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        StartTime = watch.Elapsed;
        Data = Ml.Data.LoadFromEnumerable(Tabular.Rows(Rows, 21));
        Shards = ShardSet.Write(Ml, Data, Directory, 3, Options());
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>The model's options: the micro-batch mode, dropout, class balance, clipping, L2 and Adam.</summary>
    public static BackpropTrainer.Options Options(int epochs = 3) => new()
    {
        Task = BackpropTask.BinaryClassification, HiddenLayers = [16, 8], Activation = Activation.Tanh, BatchSize = 64, MicroBatchSize = 16,
        NumberOfEpochs = epochs, LearningRate = 0.01f, Dropout = 0.2f, L2Regularization = 1e-3f, GradientClipNorm = 5f, Seed = 4,
        ClassWeighting = ClassWeighting.Balanced,
    };

    /// <summary>Trains <paramref name="model"/> on the cluster and stops the coordinator once epoch 2 has ended (a
    /// cancellation, as a coordinator that dies); returns the cluster options, whose checkpoint the run left, to restart with.</summary>
    public ClusterTrainingOptions StopAfterEpoch2(BackpropTrainer.Options model, IEnumerable<string>? workers = null, int checkpointEverySteps = 0)
    {
        using var stop = new CancellationTokenSource();
        model.CancellationToken = stop.Token;
        model.Progress = e => { if (e.Epoch == 2) stop.Cancel(); };
        var options = ClusterOptions(workers ?? SiloNames);
        options.CheckpointPath = Path.Combine(Directory, $"stopped-{Guid.NewGuid():N}.ckpt");
        options.CheckpointEverySteps = checkpointEverySteps;
        Should.Throw<OperationCanceledException>(() => new DistributedBackpropTrainer(Ml, model, options).Fit(Data));
        File.Exists(options.CheckpointPath).ShouldBeTrue();
        return options;
    }

    /// <summary>Cluster options with every deadline short enough for a test.</summary>
    public ClusterTrainingOptions ClusterOptions(IEnumerable<string> workers, ShardSet? shards = null) => new()
    {
        Services = Coordinator, Shards = shards ?? Shards, WorkerSiloNames = workers.ToArray(),
        CallTimeout = TimeSpan.FromSeconds(10), NoWorkerTimeout = TimeSpan.FromSeconds(5),
    };
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>A cluster of its own for the test that kills a silo.</summary>
public sealed class FaultClusterFixture : ClusterFixture;

/// <summary>Holds the worker calls that reach the silo named in <see cref="Silo"/> ("cluster id/silo name", so the
/// other test cluster, whose silos have the same names, is never held) until it is killed or <see cref="Silo"/> names
/// another (20 s at most), and signals the first one: a silo then dies with a call in flight, as a crashed machine
/// would, or never answers in time.</summary>
public sealed class StallFilter(ILocalSiloDetails silo, Microsoft.Extensions.Options.IOptions<ClusterOptions> cluster) : IIncomingGrainCallFilter
{
    public static volatile string? Silo;

    /// <summary>Set when a call is first held; a test that waits for it starts with a fresh one (<see cref="Rearm"/>), as
    /// another test of the class may have held a call before.</summary>
    public static volatile TaskCompletionSource Stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static void Rearm() => Stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        string self = $"{cluster.Value.ClusterId}/{silo.Name}";
        if (context.InterfaceMethod?.Name == "Compute" && self == Silo)
        {
            Stalled.TrySetResult();
            // Released when the test stops holding this silo: a silo held but not killed serves the next test at once.
            for (var held = System.Diagnostics.Stopwatch.StartNew(); Silo == self && held.Elapsed < TimeSpan.FromSeconds(20);)
                await Task.Delay(50);
        }
        await context.Invoke();
    }
}
