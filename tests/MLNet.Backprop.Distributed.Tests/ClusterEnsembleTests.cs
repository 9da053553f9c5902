using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>An ensemble on the cluster (<see cref="BackpropTrainer.Options.EnsembleSize"/> set): its networks trained one
/// after another, each bit-identical to the single-process micro-batch mode's for any worker count; each reported
/// (<see cref="ClusterEpochReport.Network"/>) and checkpointed in its own file, a restarted coordinator resuming the
/// network it was training; every network's checkpoint removed once the fit completes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterEnsembleTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static BackpropTrainer.Options Ensemble(int epochs = 3)
    {
        var options = ClusterFixture.Options(epochs);
        options.EnsembleSize = 2;
        return options;
    }

    private static int[] Bits(MLNet.Backprop.Network.NeuralNetwork network) =>
        network.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Bias.ToArray())).Select(BitConverter.SingleToInt32Bits).ToArray();

    private static void ShouldBeTheSameNetworks(BackpropTransformer model, BackpropTransformer reference)
    {
        model.Model.Networks.Count.ShouldBe(2);
        for (int n = 0; n < 2; n++)
        {
            Bits(model.Model.Networks[n]).ShouldBe(Bits(reference.Model.Networks[n]));
            model.Model.NetworkHistories[n].Epochs.Select(e => e.TrainingLoss).ShouldBe(reference.Model.NetworkHistories[n].Epochs.Select(e => e.TrainingLoss));
        }
        Bits(model.Model.Networks[1]).ShouldNotBe(Bits(model.Model.Networks[0]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Fit_EnsembleSizeSet_OneOrTwoWorkers_EveryNetworkBitIdenticalToTheSingleProcess(int workers)
    {
        var reference = new BackpropTrainer(cluster.Ml, Ensemble()).Fit(cluster.Data);
        var reports = new List<ClusterEpochReport>();
        var options = cluster.ClusterOptions(ClusterFixture.SiloNames.Take(workers));
        options.Progress = reports.Add;
        var model = new DistributedBackpropTrainer(cluster.Ml, Ensemble(), options).Fit(cluster.Data);

        ShouldBeTheSameNetworks(model, reference);
        reports.Select(r => (r.Network, r.Epoch.Epoch)).ShouldBe([(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]);
        reports.ShouldAllBe(r => r.Steps > 0);
        model.Model.NetworkHistories.Select(h => h.Settings!.Seed).Distinct().Count().ShouldBe(2);
        var scores = model.Transform(cluster.Data).GetColumn<float>("Probability").ToArray();
        scores.ShouldBe(reference.Transform(cluster.Data).GetColumn<float>("Probability").ToArray());
    }

    [Fact]
    public void Fit_EnsembleStoppedInItsSecondNetwork_ResumesItFromItsOwnCheckpointBitIdentical()
    {
        var reference = new BackpropTrainer(cluster.Ml, Ensemble(epochs: 4)).Fit(cluster.Data);
        string checkpoint = Path.Combine(cluster.Directory, $"ensemble-{Guid.NewGuid():N}.ckpt");
        using var stop = new CancellationTokenSource();
        var first = Ensemble(epochs: 4);
        first.CancellationToken = stop.Token;
        var options = cluster.ClusterOptions(ClusterFixture.SiloNames);
        options.CheckpointPath = checkpoint;
        options.Progress = r => { if (r.Network == 2 && r.Epoch.Epoch == 2) stop.Cancel(); }; // the coordinator "dies" in network 2
        Should.Throw<OperationCanceledException>(() => new DistributedBackpropTrainer(cluster.Ml, first, options).Fit(cluster.Data));
        File.Exists(checkpoint).ShouldBeTrue();
        File.Exists(checkpoint + ".network2").ShouldBeTrue();

        var reports = new List<ClusterEpochReport>();
        options.Progress = reports.Add;
        var model = new DistributedBackpropTrainer(cluster.Ml, Ensemble(epochs: 4), options).Fit(cluster.Data);

        // Network 1 finished: it resumes from its last checkpoint (the start of its epoch 4); network 2 from its epoch 3.
        reports.Select(r => (r.Network, r.Epoch.Epoch)).ShouldBe([(1, 4), (2, 3), (2, 4)]);
        reports[0].ResumedFrom.ShouldNotBeNull().CheckpointPath.ShouldBe(checkpoint);
        reports[1].ResumedFrom.ShouldNotBeNull().CheckpointPath.ShouldBe(checkpoint + ".network2");
        reports[1].ResumedFrom!.Epoch.ShouldBe(3);
        reports[2].ResumedFrom.ShouldBeNull();
        ShouldBeTheSameNetworks(model, reference);
        File.Exists(checkpoint).ShouldBeFalse();
        File.Exists(checkpoint + ".network2").ShouldBeFalse();
        output.WriteLine(string.Join("; ", reports.Select(r => $"network {r.Network} epoch {r.Epoch.Epoch}: {r.Steps} steps")));
    }
}
