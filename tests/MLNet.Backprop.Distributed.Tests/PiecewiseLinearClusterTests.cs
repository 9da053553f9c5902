using MLNet.Backprop.Distributed.Shards;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary><see cref="NumericEncoding.PiecewiseLinear"/> on a cluster: the coordinator reads the bin edges' sample from
/// the shards (the rows chosen by their indices alone), the workers get the edges with the job, and the model is
/// bit-identical to the single-process micro-batch mode's for any worker count.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PiecewiseLinearClusterTests(ClusterFixture cluster)
{
    private static BackpropTrainer.Options Options(NumericBinning binning)
    {
        var options = ClusterFixture.Options();
        options.NumericEncoding = NumericEncoding.PiecewiseLinear;
        options.NumericBins = 8;
        options.NumericBinning = binning;
        return options;
    }

    private static float[][] EdgesOf(BackpropTransformer model)
    {
        var bins = model.Model.Network.Input.Describe()[0].Bins!;
        return Enumerable.Range(0, bins.Features).Select(f => bins.Edges(f).ToArray()).ToArray();
    }

    [Theory]
    [InlineData(1, NumericBinning.Quantile)]
    [InlineData(2, NumericBinning.Quantile)]
    [InlineData(3, NumericBinning.Quantile)]
    [InlineData(2, NumericBinning.Supervised)]
    [InlineData(3, NumericBinning.Supervised)]
    public void Fit_OneTwoOrThreeWorkers_BitIdenticalToTheSingleProcessMicroBatchMode(int workers, NumericBinning binning)
    {
        var reference = new BackpropTrainer(cluster.Ml, Options(binning)).Fit(cluster.Data);
        var model = new DistributedBackpropTrainer(cluster.Ml, Options(binning), cluster.ClusterOptions(ClusterFixture.SiloNames.Take(workers))).Fit(cluster.Data);

        model.Model.Network.Input.Describe()[0].Kind.ShouldBe(InputKind.PiecewiseLinear);
        EdgesOf(model).ShouldBe(EdgesOf(reference));
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(reference));
        model.Model.History.Epochs.Select(e => e.TrainingLoss).ShouldBe(reference.Model.History.Epochs.Select(e => e.TrainingLoss));
    }

    [Fact]
    public void Fit_SupervisedWithARowByRowHoldOut_BitIdenticalToTheSingleProcessMicroBatchMode()
    {
        // Both leave out of the bins' labels the rows the one network holds out, drawn by position.
        var options = Options(NumericBinning.Supervised);
        options.ValidationFraction = 0.25f;
        var reference = new BackpropTrainer(cluster.Ml, options).Fit(cluster.Data);
        var model = new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2))).Fit(cluster.Data);

        EdgesOf(model).ShouldBe(EdgesOf(reference));
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(reference));
        model.Model.History.Epochs.Select(e => e.ValidationLoss).ShouldBe(reference.Model.History.Epochs.Select(e => e.ValidationLoss));
    }

    [Theory]
    [InlineData(NumericBinning.Quantile)]
    [InlineData(NumericBinning.Supervised)]
    public void Fit_MoreRowsThanTheCap_TheEdgesStreamingDraws(NumericBinning binning)
    {
        const int cap = 300;
        var distributed = new DistributedBackpropTrainer(cluster.Ml, Options(binning), cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2)))
        {
            BinningSampleRows = cap,
        };
        var streaming = Options(binning);
        streaming.MicroBatchSize = null;
        streaming.DataLoading = DataLoading.Streaming;
        streaming.NumberOfEpochs = 1;

        var edges = EdgesOf(distributed.Fit(cluster.Data));

        edges.ShouldBe(EdgesOf(new BackpropTrainer(cluster.Ml, streaming) { BinningSampleRows = cap }.Fit(cluster.Data)));
        edges.ShouldNotBe(EdgesOf(new BackpropTrainer(cluster.Ml, Options(binning)).Fit(cluster.Data))); // 700 rows: not all of them
    }

    [Fact]
    public void Fit_CoordinatorStoppedAndRestartedFromItsCheckpoint_ResumesBitIdentical()
    {
        BackpropTrainer.Options Four()
        {
            var options = Options(NumericBinning.Supervised);
            options.NumberOfEpochs = 4;
            return options;
        }
        var reference = new BackpropTrainer(cluster.Ml, Four()).Fit(cluster.Data);
        var clusterOptions = cluster.StopAfterEpoch2(Four(), ClusterFixture.SiloNames.Take(2), checkpointEverySteps: 5);

        var reports = new List<ClusterEpochReport>();
        clusterOptions.Progress = reports.Add;
        var model = new DistributedBackpropTrainer(cluster.Ml, Four(), clusterOptions).Fit(cluster.Data);

        reports[0].ResumedFrom.ShouldNotBeNull().Epoch.ShouldBe(3); // the same edges again: the run's identity matched
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(reference));
    }

    [Fact]
    public void Fit_SparseShards_ReadDenseAndBitIdenticalToTheSingleProcessMicroBatchMode()
    {
        var data = SparseRows.Load(cluster.Ml, 300, slots: 40, perRow: 6, seed: 5);
        string directory = Path.Combine(Path.GetTempPath(), $"mlbp-ple-sparse-shards-{Guid.NewGuid():N}");
        try
        {
            var write = Options(NumericBinning.Quantile);
            write.NumericEncoding = NumericEncoding.None;
            write.SparseInput = true;
            var shards = ShardSet.Write(cluster.Ml, data, directory, 2, write);
            shards.Data.Sparse.ShouldBeTrue();
            var options = Options(NumericBinning.Supervised);
            options.NumericBins = 4;

            var reference = new BackpropTrainer(cluster.Ml, options).Fit(data);
            var model = new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2), shards)).Fit(data);

            model.Model.Network.Input.Describe()[0].Kind.ShouldBe(InputKind.PiecewiseLinear);
            EdgesOf(model).ShouldBe(EdgesOf(reference));
            DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(reference));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Fact]
    public void Fit_ShardTheCoordinatorCannotRead_ThrowsNamingTheEncodingAndTheShard()
    {
        string directory = Path.Combine(cluster.Directory, $"ple-missing-{Guid.NewGuid():N}");
        var shards = ShardSet.Write(cluster.Ml, cluster.Data, directory, 3, ClusterFixture.Options());
        File.Delete(shards.ShardPaths[1]);

        var error = Should.Throw<InvalidDataException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, Options(NumericBinning.Quantile), cluster.ClusterOptions(ClusterFixture.SiloNames, shards)).Fit(cluster.Data));

        error.Message.ShouldContain("NumericEncoding.PiecewiseLinear: the coordinator reads the rows of the bin edges' sample");
        error.Message.ShouldContain(shards.ShardPaths[1]);
        error.Message.ShouldContain("does not exist");
    }

    [Fact]
    public void InputPartSpec_PiecewiseLinear_CarriesTheEdgesAndRefusesAPartWithout()
    {
        var part = InputPartDescription.PiecewiseLinear(new QuantileBins([[0f, 1f, 2f], [-1f, 1f]]));

        var back = Messaging.InputPartSpec.Of(part).ToDescription();

        (back.Kind, back.Slots, back.Rows).ShouldBe((InputKind.PiecewiseLinear, 2, 3));
        back.Bins!.Edges(0).ToArray().ShouldBe([0f, 1f, 2f]);
        Should.Throw<InvalidDataException>(() => new Messaging.InputPartSpec(InputKind.PiecewiseLinear, 2, 3).ToDescription()).Message.ShouldContain("none sent");
        Should.Throw<InvalidDataException>(() => new Messaging.InputPartSpec(InputKind.PiecewiseLinear, 2, 4, [[0f, 1f, 2f], [-1f, 1f]]).ToDescription())
            .Message.ShouldContain("into 4 rows");
    }
}
