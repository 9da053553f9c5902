using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Distributed.Workers;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Distributed.Tests.Workers;

/// <summary>The numerics fingerprint covers the job's label map: a worker that ignored it (a build from before it was
/// sent) would train on other labels, and gives another hash, so the coordinator turns it away.</summary>
public class NumericsFingerprintTests
{
    private static JobSpec Job(float offset = 0f, float scale = 1f) => new("probe", [], [new LayerSpec(4, 1, Activation.Identity, 0f, 0f)],
        LossFunction.MeanSquaredError, 0f, Rows: 100, BatchSize: 32, MicroBatchSize: 8, Seed: 3, Shuffle: true, UnitStatistics: true, null, null,
        [new InputPartSpec(InputKind.Dense, 4, 4)], HasWeights: false, LabelOffset: offset, LabelScale: scale);

    [Fact]
    public void Of_LabelMapped_DiffersFromTheLabelAsGivenAndFollowsTheMap()
    {
        string asGiven = NumericsFingerprint.Of(Job());

        NumericsFingerprint.Of(Job(120f, 30f)).ShouldNotBe(asGiven);
        NumericsFingerprint.Of(Job(120f, 30f)).ShouldBe(NumericsFingerprint.Of(Job(120f, 30f)));
        NumericsFingerprint.Of(Job(120f, 31f)).ShouldNotBe(NumericsFingerprint.Of(Job(120f, 30f)));
    }
}
