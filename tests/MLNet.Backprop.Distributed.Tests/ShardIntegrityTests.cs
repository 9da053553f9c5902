using Microsoft.ML;
using Xunit.Abstractions;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>Shards that change under a run, and views or manifests that do not describe the shards: each a clean error
/// naming the shard, the column or the set, never a dead silo or a model trained on misaligned rows.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ShardIntegrityTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private ShardSet Fresh(string name) => ShardSet.Write(cluster.Ml, cluster.Data, Path.Combine(cluster.Directory, $"{name}-{Guid.NewGuid():N}"), 3, ClusterFixture.Options());

    private InvalidDataException FitChangingAShardAfterEpoch1(ShardSet shards, Action<string> change)
    {
        var model = ClusterFixture.Options(epochs: 4);
        model.Progress = e => { if (e.Epoch == 1) change(shards.ShardPaths[1]); };
        var error = Should.Throw<InvalidDataException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, model, cluster.ClusterOptions(ClusterFixture.SiloNames, shards)).Fit(cluster.Data));
        output.WriteLine(error.Message);
        return error;
    }

    [Fact]
    public void Fit_ShardTruncatedInPlaceDuringTraining_CleanErrorNamingTheShard()
    {
        // Memory-mapped, this killed every silo reading the shard (SIGBUS); the silos here share the test process.
        var shards = Fresh("truncated");
        var error = FitChangingAShardAfterEpoch1(shards, path =>
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(file.Length / 2);
        });
        error.Message.ShouldContain(shards.ShardPaths[1]);
        error.Message.ShouldContain("changed while training");
    }

    [Fact]
    public void Fit_ShardOverwrittenInPlaceSameSizeDuringTraining_CleanErrorNamingTheShard()
    {
        var shards = Fresh("overwritten");
        var error = FitChangingAShardAfterEpoch1(shards, path =>
        {
            var before = File.GetLastWriteTimeUtc(path);
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                file.Position = file.Length - 64;
                file.Write(new byte[64]);
            }
            if (File.GetLastWriteTimeUtc(path) == before) File.SetLastWriteTimeUtc(path, before.AddSeconds(1)); // a coarse clock
        });
        error.Message.ShouldContain(shards.ShardPaths[1]);
        error.Message.ShouldContain("changed while training");
    }

    [Fact]
    public void Fit_ShardDeletedDuringTraining_FinishesOnTheOpenFilesBitIdentical()
    {
        // A deleted file stays readable through the handles already open: the run keeps the rows it checked.
        var shards = Fresh("deleted");
        var reference = DistributedTrainingTests.SingleProcess(cluster, epochs: 4);
        var model = ClusterFixture.Options(epochs: 4);
        model.Progress = e => { if (e.Epoch == 1) File.Delete(shards.ShardPaths[1]); };
        var trained = new DistributedBackpropTrainer(cluster.Ml, model, cluster.ClusterOptions(ClusterFixture.SiloNames, shards)).Fit(cluster.Data);
        DistributedTrainingTests.Bits(trained).ShouldBe(DistributedTrainingTests.Bits(reference));
    }

    [Fact]
    public void Fit_ViewWiderThanTheShards_RefusedNamingTheColumnAndTheSet()
    {
        var wider = cluster.Ml.Transforms.Concatenate("Features", "Features", "Features").Fit(cluster.Data).Transform(cluster.Data);
        var error = Should.Throw<InvalidOperationException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(), cluster.ClusterOptions(ClusterFixture.SiloNames)).Fit(wider));
        error.Message.ShouldContain("'Features' has 8 values per row");
        error.Message.ShouldContain(cluster.Shards.ManifestPath);
    }

    [Fact]
    public void Fit_WeightColumnTheShardsDoNotHold_RefusedNamingIt()
    {
        var options = ClusterFixture.Options();
        options.ExampleWeightColumnName = "Weight";
        var error = Should.Throw<InvalidOperationException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames)).Fit(cluster.Data));
        error.Message.ShouldContain("ExampleWeightColumnName is 'Weight'");
    }

    [Fact]
    public void Fit_ManifestEditedToAnotherFeatureCount_WorkersRefuseTheMisalignedRows()
    {
        var shards = Fresh("edited");
        // Edited consistently (count and both summary vectors), so that only the shards' headers can tell.
        ManifestEdit.Apply(shards.ManifestPath, m =>
        {
            m["columns"] = 5;
            m["summary"]!["featureMeans"]!.AsArray().Add(0.0);
            m["summary"]!["featureDeviations"]!.AsArray().Add(1.0);
        });
        var edited = ShardSet.Load(shards.ManifestPath);
        var wide = cluster.Ml.Transforms.Concatenate("Features", "Features", "Features").Fit(cluster.Data).Transform(cluster.Data);
        var five = cluster.Ml.Transforms.CustomMapping<Wide, Five>((i, o) => o.Features = i.Features[..5], null).Fit(wide).Transform(wide);
        var error = Should.Throw<InvalidDataException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(), cluster.ClusterOptions(ClusterFixture.SiloNames, edited)).Fit(five));
        error.Message.ShouldContain("holds rows of 4 features, but the shard set's manifest says 5");
        output.WriteLine(error.Message);
    }

    [Fact]
    public void Fit_Completed_ItsCheckpointRemovedSoTheNextFitStartsAfresh()
    {
        string checkpoint = Path.Combine(cluster.Directory, $"done-{Guid.NewGuid():N}.ckpt");
        var options = cluster.ClusterOptions(ClusterFixture.SiloNames);
        options.CheckpointPath = checkpoint;
        var first = new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(epochs: 2), options).Fit(cluster.Data);
        File.Exists(checkpoint).ShouldBeFalse();

        var reports = new List<ClusterEpochReport>();
        options.Progress = reports.Add;
        var second = new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(epochs: 2), options).Fit(cluster.Data);
        reports.Select(r => r.Epoch.Epoch).ShouldBe([1, 2]);
        reports.ShouldAllBe(r => r.ResumedFrom == null);
        DistributedTrainingTests.Bits(second).ShouldBe(DistributedTrainingTests.Bits(first));
    }

    public sealed class Wide
    {
        [Microsoft.ML.Data.VectorType(8)]
        public float[] Features { get; set; } = [];
    }

    public sealed class Five
    {
        [Microsoft.ML.Data.VectorType(5)]
        public float[] Features { get; set; } = [];
    }
}
