using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>Rows the trainer reads sparse are sharded sparse (disk follows the non-zeros) and a cluster trains on them
/// exactly what the single-process micro-batch mode trains.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SparseShardTests(ClusterFixture cluster)
{
    private const int Slots = 5000;

    private static BackpropTrainer.Options Options() => new()
    {
        Task = BackpropTask.BinaryClassification, HiddenLayers = [8], BatchSize = 32, MicroBatchSize = 8, NumberOfEpochs = 2,
        LearningRate = 0.01f, L2Regularization = 1e-3f, Seed = 4,
    };

    [Fact]
    public void Fit_SparseShards_BitIdenticalToTheSingleProcessMicroBatchModeAndStoredSparse()
    {
        var data = SparseRows.Load(cluster.Ml, 400, Slots, 10, seed: 3);
        string directory = Path.Combine(Path.GetTempPath(), $"mlbp-sparse-shards-{Guid.NewGuid():N}");
        try
        {
            var shards = ShardSet.Write(cluster.Ml, data, directory, 2, Options());
            shards.Data.Sparse.ShouldBeTrue();
            // 400 rows of 1 to 19 non-zeros: a few kB a row at most, where dense rows would take 20 kB each.
            shards.ShardPaths.Sum(p => new FileInfo(p).Length).ShouldBeLessThan(400L * 200);

            var reference = new BackpropTrainer(cluster.Ml, Options()).Fit(data);
            var model = new DistributedBackpropTrainer(cluster.Ml, Options(), cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2), shards)).Fit(data);

            model.Model.Network.Input.Describe().ShouldBe([InputPartDescription.Sparse(Slots)]);
            DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(reference));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fit_SparseRowsAutomaticHoldOut_ATenthHeldAsServed_BitIdenticalToTheSingleProcess(int workers)
    {
        // 3,000 rows of 2^16 slots: counted dense (256 kB a row) the automatic hold-out was capped at 256 rows; held as
        // the network is served (sparse entries), it is the tenth, read sparse from the shards by the coordinator.
        const int rows = 3_000, slots = 1 << 16;
        BackpropTrainer.Options HoldingOut()
        {
            var options = Options();
            (options.NumberOfEpochs, options.EarlyStoppingPatience, options.BatchSize, options.MicroBatchSize) = (3, 1, 64, 16);
            return options;
        }
        var data = SparseRows.Load(cluster.Ml, rows, slots, 5, seed: 6);
        string directory = Path.Combine(Path.GetTempPath(), $"mlbp-sparse-holdout-{Guid.NewGuid():N}");
        try
        {
            var shards = ShardSet.Write(cluster.Ml, data, directory, 3, HoldingOut());
            var reference = new BackpropTrainer(cluster.Ml, HoldingOut()).Fit(data);
            var model = new DistributedBackpropTrainer(cluster.Ml, HoldingOut(), cluster.ClusterOptions(ClusterFixture.SiloNames.Take(workers), shards)).Fit(data);

            model.Model.Network.Input.Describe().ShouldBe([InputPartDescription.Sparse(slots)]);
            ClusterHoldOutTests.ShouldTrainAlike(model, reference);
            var settings = model.Model.History.Settings!;
            settings.HoldOutFraction.ShouldBe(0.1f);
            settings.ValidationRows.ShouldBe(Enumerable.Range(0, rows).Count(r => Integration.Data.TrainingSplit.HeldOutByRow(4, r, 0.1f)));
            model.Model.History.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Fact]
    public void Write_SparseInputFalse_StoresDenseRows()
    {
        var data = SparseRows.Load(cluster.Ml, 50, 300, 5, seed: 4);
        string directory = Path.Combine(Path.GetTempPath(), $"mlbp-dense-shards-{Guid.NewGuid():N}");
        try
        {
            var options = Options();
            options.SparseInput = false;
            var shards = ShardSet.Write(cluster.Ml, data, directory, 1, options);
            shards.Data.Sparse.ShouldBeFalse();
            new FileInfo(shards.ShardPaths[0]).Length.ShouldBe(64 + 50L * (300 + 1) * 4);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
