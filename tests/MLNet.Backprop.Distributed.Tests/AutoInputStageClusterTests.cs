using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>The default input stage (<see cref="NumericEncoding.Auto"/>, <see cref="NumericScaling.Auto"/>) on a cluster:
/// accepted, resolved to the composed stage as in memory and in the single-process micro-batch mode (both encodings on 32
/// supervised bins, the robust scaling, learned scales), and the model bit-identical to the explicit options' and to the
/// single-process micro-batch mode's.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AutoInputStageClusterTests(ClusterFixture cluster)
{
    [Fact]
    public void Fit_DefaultInputStage_ComposedStageBitIdenticalToTheExplicitOptionsAndTheMicroBatchMode()
    {
        var options = ClusterFixture.Options();
        options.NumericEncoding.ShouldBe(NumericEncoding.Auto);
        var both32 = ClusterFixture.Options();
        (both32.NumericEncoding, both32.NumericBinning, both32.NumericBins) = (NumericEncoding.PiecewiseLinearAndPeriodic, NumericBinning.Supervised, 32);
        (both32.NumericScaling, both32.LearnFeatureScales) = (NumericScaling.RobustSmoothClip, true);

        var model = new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2))).Fit(cluster.Data);
        var explicitOptions = new DistributedBackpropTrainer(cluster.Ml, both32, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2))).Fit(cluster.Data);
        var microBatch = new BackpropTrainer(cluster.Ml, ClusterFixture.Options()).Fit(cluster.Data);

        model.Model.Network.Input.Describe().Select(p => p.Kind).ShouldBe([InputKind.PiecewiseLinear, InputKind.Periodic]);
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(explicitOptions));
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(microBatch));
    }

    [Fact]
    public void Fit_DefaultsWithExplicitNone_PlainStageRobustlyScaledBitIdenticalToTheMicroBatchMode()
    {
        var options = ClusterFixture.Options();
        options.NumericEncoding = NumericEncoding.None;

        var model = new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2))).Fit(cluster.Data);
        var microBatch = new BackpropTrainer(cluster.Ml, options.Clone()).Fit(cluster.Data);

        model.Model.Network.Input.Describe().ShouldHaveSingleItem().Kind.ShouldBe(InputKind.ClippedDense);
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(microBatch));
    }
}
