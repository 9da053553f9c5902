using Xunit.Abstractions;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>A checkpoint left by a stopped coordinator that cannot be resumed (another seed, damaged, truncated) is refused
/// naming the file, before any step, and left in place; a save killed mid-write leaves only its temporary file beside the
/// previous checkpoint, which resumes bit-identically.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CheckpointResumeTests(ClusterFixture cluster, ITestOutputHelper output)
{
    /// <summary>A run of 4 epochs stopped after epoch 2, its checkpoint kept.</summary>
    private (string Path, ClusterTrainingOptions Options) Stopped()
    {
        var options = cluster.StopAfterEpoch2(ClusterFixture.Options(epochs: 4));
        return (options.CheckpointPath!, options);
    }

    private void RefusedBeforeAnyStep(string checkpoint, ClusterTrainingOptions options, BackpropTrainer.Options model, string why)
    {
        byte[] before = File.ReadAllBytes(checkpoint);
        int epochs = 0;
        model.Progress = _ => epochs++;
        var error = Should.Throw<InvalidDataException>(() => new DistributedBackpropTrainer(cluster.Ml, model, options).Fit(cluster.Data));
        output.WriteLine(error.Message);
        error.Message.ShouldContain($"The checkpoint '{checkpoint}' cannot be resumed: {why}");
        epochs.ShouldBe(0);
        File.ReadAllBytes(checkpoint).ShouldBe(before);
    }

    [Fact]
    public void Fit_CheckpointOfAnotherSeed_RefusedNamingTheFile()
    {
        var (checkpoint, options) = Stopped();
        var other = ClusterFixture.Options(epochs: 4);
        other.Seed = 5;
        RefusedBeforeAnyStep(checkpoint, options, other, "it was written by a run with other options");
    }

    [Theory]
    [InlineData(false, NumericScaling.Auto)]
    [InlineData(true, NumericScaling.Standard)]
    public void Fit_CheckpointOfTheFeaturesOtherwiseScaled_RefusedNamingTheFile(bool standardize, NumericScaling scaling)
    {
        // The stopped run clipped its features (the default): the maps are part of the run's identity, and the features
        // as given or standardised are other runs.
        var (checkpoint, options) = Stopped();
        var other = ClusterFixture.Options(epochs: 4);
        other.StandardizeFeatures = standardize;
        other.NumericScaling = scaling;
        RefusedBeforeAnyStep(checkpoint, options, other, "it was written by a run with other options");
    }

    [Fact]
    public void Fit_CheckpointDamagedOrTruncated_RefusedNamingTheFile()
    {
        var (checkpoint, options) = Stopped();
        byte[] bytes = File.ReadAllBytes(checkpoint);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(checkpoint, bytes);
        RefusedBeforeAnyStep(checkpoint, options, ClusterFixture.Options(epochs: 4), "its SHA-256 does not match its content");
        File.WriteAllBytes(checkpoint, bytes[..(bytes.Length / 3)]);
        RefusedBeforeAnyStep(checkpoint, options, ClusterFixture.Options(epochs: 4), "its SHA-256 does not match its content");
    }

    [Fact]
    public void Fit_SaveKilledMidWrite_ThePreviousCheckpointResumesBitIdentical()
    {
        var reference = DistributedTrainingTests.SingleProcess(cluster, epochs: 4);
        var (checkpoint, options) = Stopped();
        // What a coordinator killed while saving leaves: part of the next checkpoint in the temporary file.
        byte[] bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint + ".tmp", bytes[..(bytes.Length / 2)]);
        var reports = new List<ClusterEpochReport>();
        options.Progress = reports.Add;
        var model = new DistributedBackpropTrainer(cluster.Ml, ClusterFixture.Options(epochs: 4), options).Fit(cluster.Data);
        reports[0].ResumedFrom.ShouldNotBeNull().Epoch.ShouldBe(3);
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(reference));
    }
}
