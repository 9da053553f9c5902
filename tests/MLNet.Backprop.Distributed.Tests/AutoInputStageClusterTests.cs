using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>The default input stage (<see cref="NumericEncoding.Auto"/>, <see cref="NumericScaling.Auto"/>) on a cluster:
/// accepted, resolved to the plain stage robustly scaled and clipped (the periodic embeddings train in memory only), and
/// the model bit-identical to an explicit <see cref="NumericEncoding.None"/> and <see cref="NumericScaling.RobustSmoothClip"/>
/// one and to the single-process micro-batch mode's.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AutoInputStageClusterTests(ClusterFixture cluster)
{
    [Fact]
    public void Fit_DefaultInputStage_PlainStageBitIdenticalToExplicitNoneAndTheMicroBatchMode()
    {
        var options = ClusterFixture.Options();
        options.NumericEncoding.ShouldBe(NumericEncoding.Auto);
        var none = ClusterFixture.Options();
        none.NumericEncoding = NumericEncoding.None;
        none.NumericScaling = NumericScaling.RobustSmoothClip;

        var model = new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2))).Fit(cluster.Data);
        var explicitNone = new DistributedBackpropTrainer(cluster.Ml, none, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2))).Fit(cluster.Data);
        var microBatch = new BackpropTrainer(cluster.Ml, ClusterFixture.Options()).Fit(cluster.Data);

        model.Model.Network.Input.Describe().ShouldHaveSingleItem().Kind.ShouldBe(InputKind.ClippedDense);
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(explicitNone));
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(microBatch));
    }
}
