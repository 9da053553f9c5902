using Xunit.Abstractions;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>A checkpoint path that cannot be written is refused when <c>Fit</c> starts, naming the option and the path,
/// not when the first checkpoint is due (an epoch or <c>CheckpointEverySteps</c> steps of work later, with .NET's own
/// "Could not find a part of the path" for a missing folder).</summary>
[Collection(ClusterCollection.Name)]
public sealed class CheckpointPathTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private (IOException Error, int Epochs) FitWithCheckpointAt(string checkpoint)
    {
        int epochs = 0;
        var model = ClusterFixture.Options(epochs: 2);
        model.Progress = _ => epochs++;
        var options = cluster.ClusterOptions(ClusterFixture.SiloNames);
        options.CheckpointPath = checkpoint;
        var error = Should.Throw<IOException>(() => new DistributedBackpropTrainer(cluster.Ml, model, options).Fit(cluster.Data));
        output.WriteLine($"after {epochs} epoch(s): {error.GetType().Name}: {error.Message}");
        return (error, epochs);
    }

    [Fact]
    public void Fit_CheckpointFolderMissing_RefusedBeforeTrainingNamingTheOptionAndTheFolder()
    {
        string folder = Path.Combine(cluster.Directory, $"no-such-folder-{Guid.NewGuid():N}");
        string checkpoint = Path.Combine(folder, "run.ckpt");
        var (error, epochs) = FitWithCheckpointAt(checkpoint);
        epochs.ShouldBe(0);
        error.Message.ShouldContain("ClusterTrainingOptions.CheckpointPath");
        error.Message.ShouldContain($"'{folder}' does not exist");
        Directory.Exists(folder).ShouldBeFalse(); // not created behind the user's back: a typo would go unnoticed
    }

    [Fact]
    public void Fit_CheckpointPathIsAFolder_RefusedBeforeTrainingNamingIt()
    {
        string folder = Directory.CreateDirectory(Path.Combine(cluster.Directory, $"checkpoints-{Guid.NewGuid():N}")).FullName;
        var (error, epochs) = FitWithCheckpointAt(folder);
        epochs.ShouldBe(0);
        error.Message.ShouldContain("ClusterTrainingOptions.CheckpointPath");
        error.Message.ShouldContain($"'{folder}': it is a directory");
        Directory.EnumerateFileSystemEntries(folder).ShouldBeEmpty();
    }

    [Fact]
    public void Fit_CheckpointsTemporaryFileCannotBeCreated_RefusedBeforeTrainingNamingTheOption()
    {
        // A folder where the save's temporary file goes: unwritable even for root, who ignores a read-only folder's mode.
        string checkpoint = Path.Combine(cluster.Directory, $"blocked-{Guid.NewGuid():N}.ckpt");
        Directory.CreateDirectory(checkpoint + ".tmp");
        var (error, epochs) = FitWithCheckpointAt(checkpoint);
        epochs.ShouldBe(0);
        error.Message.ShouldContain($"Cannot save the checkpoint (ClusterTrainingOptions.CheckpointPath) to '{checkpoint}': Access to the path '{checkpoint}.tmp' is denied.");
        File.Exists(checkpoint).ShouldBeFalse();
    }
}
