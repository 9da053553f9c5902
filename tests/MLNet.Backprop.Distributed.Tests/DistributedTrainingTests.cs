using Microsoft.ML;
using Xunit.Abstractions;

namespace MLNet.Backprop.Distributed.Tests;

[Collection(ClusterCollection.Name)]
public sealed class DistributedTrainingTests(ClusterFixture cluster, ITestOutputHelper output)
{
    internal static int[] Bits(BackpropTransformer model) =>
        model.Model.Network.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Bias.ToArray())).Select(BitConverter.SingleToInt32Bits).ToArray();

    internal static BackpropTransformer SingleProcess(ClusterFixture cluster, int epochs = 3) =>
        new BackpropTrainer(cluster.Ml, ClusterFixture.Options(epochs)).Fit(cluster.Data);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fit_OneTwoOrThreeWorkers_BitIdenticalToTheSingleProcessMicroBatchMode(int workers)
    {
        output.WriteLine($"cluster started in {cluster.StartTime.TotalSeconds:F1} s");
        var reference = SingleProcess(cluster);
        var reports = new List<ClusterEpochReport>();
        var options = cluster.ClusterOptions(ClusterFixture.SiloNames.Take(workers));
        options.Progress = reports.Add;
        var model = new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(), options).Fit(cluster.Data);

        Bits(model).ShouldBe(Bits(reference));
        model.Model.History.Epochs.Select(e => e.TrainingLoss).ShouldBe(reference.Model.History.Epochs.Select(e => e.TrainingLoss));
        reports.Count.ShouldBe(3);
        reports.SelectMany(r => r.Workers).Distinct().Count().ShouldBe(workers);
        // The weights sent each step: the trained network's, and the default stage's learned scales (one per row of the
        // first layer, folded into it once trained).
        reference.Model.History.Settings!.LearnedFeatureScales.ShouldBe(true);
        long sent = reference.Model.Network.ParameterCount + reference.Model.Network.Input.Describe().Sum(p => p.Rows);
        reports[0].BytesToWorkers.ShouldBe(reports[0].Steps * workers * sent * 4L);
        var metrics = cluster.Ml.BinaryClassification.Evaluate(model.Transform(cluster.Data));
        metrics.AreaUnderRocCurve.ShouldBe(cluster.Ml.BinaryClassification.Evaluate(reference.Transform(cluster.Data)).AreaUnderRocCurve);
        foreach (var r in reports) output.WriteLine($"epoch {r.Epoch.Epoch}: {r.Steps} steps, {r.RowsPerSecond:F0} rows/s, {r.BytesToWorkers} B down, {r.BytesFromWorkers} B up");
    }

    [Fact]
    public void Fit_SquareRootWeighting_BitIdenticalToTheSingleProcessAndNotBalanced()
    {
        var options = ClusterFixture.Options();
        options.ClassWeighting = ClassWeighting.SquareRoot;
        var reference = new BackpropTrainer(cluster.Ml, options).Fit(cluster.Data);
        var model = new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2))).Fit(cluster.Data);

        Bits(model).ShouldBe(Bits(reference));
        Bits(model).ShouldNotBe(Bits(SingleProcess(cluster))); // the workers weigh the rows by the square root, not by Balanced's weights
    }

    [Fact]
    public void Fit_CoordinatorStoppedAndRestartedFromItsCheckpoint_BitIdentical()
    {
        var reference = SingleProcess(cluster, epochs: 4);
        string checkpoint = Path.Combine(cluster.Directory, $"checkpoint-{Guid.NewGuid():N}.bin");
        using var stop = new CancellationTokenSource();
        var first = ClusterFixture.Options(epochs: 4);
        first.CancellationToken = stop.Token;
        first.Progress = e => { if (e.Epoch == 2) stop.Cancel(); }; // the coordinator "dies" after epoch 2
        var options = cluster.ClusterOptions(ClusterFixture.SiloNames);
        options.CheckpointPath = checkpoint;
        options.CheckpointEverySteps = 5;
        Should.Throw<OperationCanceledException>(() => new DistributedBackpropTrainer(cluster.Ml, first, options).Fit(cluster.Data));
        File.Exists(checkpoint).ShouldBeTrue();

        var reports = new List<ClusterEpochReport>();
        options.Progress = reports.Add;
        var model = new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(epochs: 4), options).Fit(cluster.Data);
        reports[0].Epoch.Epoch.ShouldBe(3); // resumed: epochs 1 and 2 came from the checkpoint
        reports[0].ResumedFrom.ShouldNotBeNull().Epoch.ShouldBe(3);
        reports[0].ResumedFrom!.CheckpointPath.ShouldBe(checkpoint);
        reports.Skip(1).ShouldAllBe(r => r.ResumedFrom == null);
        Bits(model).ShouldBe(Bits(reference));
        model.Model.History.Epochs.Select(e => e.TrainingLoss).ShouldBe(reference.Model.History.Epochs.Select(e => e.TrainingLoss));
    }

    [Fact]
    public void Fit_DamagedShard_ClearErrorNamingTheShard()
    {
        string directory = Path.Combine(cluster.Directory, "damaged");
        var shards = ShardSet.Write(cluster.Ml, cluster.Data, directory, 3, ClusterFixture.Options());
        var bytes = File.ReadAllBytes(shards.ShardPaths[1]);
        bytes[^5] ^= 0x40;
        File.WriteAllBytes(shards.ShardPaths[1], bytes);
        var error = Should.Throw<InvalidDataException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(), cluster.ClusterOptions(ClusterFixture.SiloNames, shards)).Fit(cluster.Data));
        error.Message.ShouldContain(shards.ShardPaths[1]);
        error.Message.ShouldContain("SHA-256");
        error.Message.ShouldNotContain(ShardFileHash(shards.ShardPaths[1])); // a hash names the manifest's, never the file's
        output.WriteLine(error.Message);
    }

    private static string ShardFileHash(string path) => MLNet.Backprop.Distributed.Shards.ShardFile.Hash(path);

    [Fact]
    public void Fit_MissingShard_ClearErrorNamingTheShard()
    {
        string directory = Path.Combine(cluster.Directory, "missing");
        var shards = ShardSet.Write(cluster.Ml, cluster.Data, directory, 3, ClusterFixture.Options());
        File.Delete(shards.ShardPaths[2]);
        var error = Should.Throw<InvalidDataException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(), cluster.ClusterOptions(ClusterFixture.SiloNames, shards)).Fit(cluster.Data));
        error.Message.ShouldContain(shards.ShardPaths[2]);
        error.Message.ShouldContain("does not exist");
    }

    [Fact]
    public void Fit_Cancelled_ThrowsOperationCanceledAndTheClusterStillTrains()
    {
        using var cancel = new CancellationTokenSource();
        var options = ClusterFixture.Options(epochs: 50);
        options.CancellationToken = cancel.Token;
        options.Progress = _ => cancel.Cancel();
        var trainer = new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames));
        Should.Throw<OperationCanceledException>(() => trainer.Fit(cluster.Data));
        var again = new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(epochs: 1), cluster.ClusterOptions(ClusterFixture.SiloNames)).Fit(cluster.Data);
        again.Model.History.Epochs.Count.ShouldBe(1);
    }

    [Fact]
    public void Fit_NoWorkerSiloRunning_ErrorAfterNoWorkerTimeoutNamingTheExpectedSilos()
    {
        var options = cluster.ClusterOptions(["no-such-silo"]);
        options.NoWorkerTimeout = TimeSpan.FromSeconds(1);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = Should.Throw<InvalidOperationException>(() => new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(), options).Fit(cluster.Data));
        error.Message.ShouldContain("No training worker is active");
        error.Message.ShouldContain("no-such-silo; none of them is an active silo");
        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(options.NoWorkerTimeout);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: {error.Message}");
    }

    [Fact]
    public void Constructor_WithoutMicroBatchSize_RejectedNamingIt()
    {
        var options = ClusterFixture.Options();
        options.MicroBatchSize = null;
        Should.Throw<ArgumentException>(() => new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames)))
            .Message.ShouldContain("MicroBatchSize");
    }

    [Fact]
    public void ShardSet_LoadedBack_SameRowsAndSummary()
    {
        var loaded = ShardSet.Load(cluster.Directory);
        loaded.Rows.ShouldBe(ClusterFixture.Rows);
        loaded.ShardPaths.ShouldBe(cluster.Shards.ShardPaths);
        loaded.FeatureCount.ShouldBe(4);
        Should.Throw<FileNotFoundException>(() => ShardSet.Load(Path.Combine(cluster.Directory, "nowhere")));
    }
}
