using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Distributed.Workers;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Distributed.Tests.Workers;

/// <summary>The numerics fingerprint covers the job's label map: a worker that ignored it (a build from before it was
/// sent) would train on other labels, and gives another hash, so the coordinator turns it away.</summary>
public class NumericsFingerprintTests
{
    private static JobSpec Job(float offset = 0f, float scale = 1f, float[]? featureOffsets = null, float[]? featureScales = null, InputPartSpec? input = null) =>
        new("probe", [], [new LayerSpec(4, 1, Activation.Identity, 0f, 0f)],
        LossFunction.MeanSquaredError, 0f, Rows: 100, BatchSize: 32, MicroBatchSize: 8, Seed: 3, Shuffle: true, UnitStatistics: true, null, null,
        [input ?? new InputPartSpec(InputKind.Dense, 4, 4)], HasWeights: false, LabelOffset: offset, LabelScale: scale,
        FeatureOffsets: featureOffsets, FeatureInverseScales: featureScales);

    [Fact]
    public void Of_FeaturesMapped_DiffersFromTheFeaturesAsGivenAndFollowsTheMap()
    {
        string asGiven = NumericsFingerprint.Of(Job());
        float[] offsets = [1f, 0f, -2f, 0.5f], scales = [0.5f, 1f, 2f, 1f];

        NumericsFingerprint.Of(Job(featureOffsets: offsets, featureScales: scales)).ShouldNotBe(asGiven);
        NumericsFingerprint.Of(Job(featureOffsets: offsets, featureScales: scales)).ShouldBe(NumericsFingerprint.Of(Job(featureOffsets: [.. offsets], featureScales: [.. scales])));
        NumericsFingerprint.Of(Job(featureOffsets: offsets, featureScales: [0.5f, 1f, 2f, 1.5f])).ShouldNotBe(NumericsFingerprint.Of(Job(featureOffsets: offsets, featureScales: scales)));
    }

    [Fact]
    public void Of_ClippedInput_FollowsTheRobustScaling()
    {
        InputPartSpec Clipped(float scale) => new(InputKind.ClippedDense, 4, 4, ClipCenters: [0.5f, 0f, 0f, -1f], ClipInverseScales: [scale, 1f, 1f, 1f]);

        NumericsFingerprint.Of(Job(input: Clipped(2f))).ShouldNotBe(NumericsFingerprint.Of(Job()));
        NumericsFingerprint.Of(Job(input: Clipped(2f))).ShouldNotBe(NumericsFingerprint.Of(Job(input: Clipped(3f))));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Network_InvalidMaps_RefusedAsInvalidData(bool clipped)
    {
        // A clipped part without its scaling (what a build before it was sent would make of it), or feature offsets without scales.
        var job = clipped ? Job(input: new InputPartSpec(InputKind.ClippedDense, 4, 4)) : Job(featureOffsets: [0f, 0f, 0f, 0f]);

        var error = Should.Throw<InvalidDataException>(() => NumericsFingerprint.Of(job));

        error.Message.ShouldContain(clipped ? "clipped input has no valid robust scaling" : "standardisation is not valid");
    }

    [Fact]
    public void Of_LabelMapped_DiffersFromTheLabelAsGivenAndFollowsTheMap()
    {
        string asGiven = NumericsFingerprint.Of(Job());

        NumericsFingerprint.Of(Job(120f, 30f)).ShouldNotBe(asGiven);
        NumericsFingerprint.Of(Job(120f, 30f)).ShouldBe(NumericsFingerprint.Of(Job(120f, 30f)));
        NumericsFingerprint.Of(Job(120f, 31f)).ShouldNotBe(NumericsFingerprint.Of(Job(120f, 30f)));
    }
}
