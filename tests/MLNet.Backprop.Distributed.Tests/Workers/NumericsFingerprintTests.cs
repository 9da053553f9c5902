using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Distributed.Workers;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Distributed.Tests.Workers;

/// <summary>The numerics fingerprint covers the job's maps and input parts: a worker that ignored one (a build from before
/// it was sent) would train on other rows or another network, and gives another hash (or cannot build the part), so the
/// coordinator turns it away.</summary>
public class NumericsFingerprintTests
{
    private static JobSpec Job(float offset = 0f, float scale = 1f, float[]? featureOffsets = null, float[]? featureScales = null, InputPartSpec? input = null) =>
        new("probe", [], [new LayerSpec(input?.Rows ?? 4, 1, Activation.Identity, 0f, 0f)],
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

    /// <summary>A periodic part embedding slots 0 and 2 of 4 (3 values each, the other two passing through: 8 rows).</summary>
    private static InputPartSpec Periodic(int[]? embedded = null, bool scalesRows = false, float[]? centers = null) =>
        new(InputKind.Periodic, 4, 8, ClipCenters: centers, ClipInverseScales: centers is null ? null : [1f, 2f, 1f, 0.5f],
            Periodic: new PeriodicSpec(4, 2, 3, 0.5f, embedded ?? [0, 2], [0f, 0f], [1f, 1f]), ScalesRows: scalesRows);

    [Fact]
    public void Of_PeriodicInput_FollowsItsSettingsItsScalingAndItsLearnedScales()
    {
        string periodic = NumericsFingerprint.Of(Job(input: Periodic()));

        NumericsFingerprint.Of(Job(input: Periodic())).ShouldBe(periodic);
        NumericsFingerprint.Of(Job(input: Periodic([1, 3]))).ShouldNotBe(periodic);
        // A build before the learned scales were sent ignores them (and trains another network): another hash.
        NumericsFingerprint.Of(Job(input: Periodic(scalesRows: true))).ShouldNotBe(periodic);
        NumericsFingerprint.Of(Job(input: Periodic(centers: [0.5f, 0f, 0f, -1f]))).ShouldNotBe(periodic);
    }

    [Fact]
    public void Network_PeriodicInputWithoutItsSettings_RefusedAsInvalidData()
    {
        // What a build before the periodic settings were sent would make of the part.
        var error = Should.Throw<InvalidDataException>(() => NumericsFingerprint.Of(Job(input: Periodic() with { Periodic = null })));

        error.Message.ShouldContain("periodic input has no settings");
        Should.Throw<InvalidDataException>(() => NumericsFingerprint.Of(Job(input: Periodic([0, 0])))).Message.ShouldContain("embedded slots");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Network_InvalidMaps_RefusedAsInvalidData(bool clipped)
    {
        // A clipped part without its scaling (what a build before it was sent would make of it), or feature offsets without scales.
        var job = clipped ? Job(input: new InputPartSpec(InputKind.ClippedDense, 4, 4)) : Job(featureOffsets: [0f, 0f, 0f, 0f]);

        var error = Should.Throw<InvalidDataException>(() => NumericsFingerprint.Of(job));

        error.Message.ShouldContain(clipped ? "clipped input has no robust scaling" : "standardisation is not valid");
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
