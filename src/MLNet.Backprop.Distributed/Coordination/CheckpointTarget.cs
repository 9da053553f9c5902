using MLNet.Backprop.Files;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed.Coordination;

/// <summary>
/// The file of <see cref="ClusterTrainingOptions.CheckpointPath"/>, checked when <c>Fit</c> starts: the first checkpoint
/// is due an epoch (or <see cref="ClusterTrainingOptions.CheckpointEverySteps"/> steps) into the run, and .NET's own errors
/// then ("Could not find a part of the path '….tmp'", "Is a directory") named neither the option nor what was wrong,
/// after that work.
/// </summary>
internal static class CheckpointTarget
{
    private const string What = "the checkpoint (ClusterTrainingOptions.CheckpointPath)";

    /// <summary>Refuses a path that is a directory, whose folder does not exist (as a model's save does; not created: a
    /// mistyped folder would go unnoticed until a restart looked for the checkpoint elsewhere), or where the checkpoint's
    /// temporary file cannot be created.</summary>
    /// <exception cref="IOException">The path cannot hold a checkpoint (the message names the option and the path).</exception>
    public static void Verify(string path)
    {
        string full = SaveTarget.Check(path, What);
        // What every save does first: create the temporary file beside the checkpoint.
        string temporary = RunCheckpointFile.TemporaryPath(full);
        try
        {
            new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None).Dispose();
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(full, e);
        }
    }

    /// <summary>The checkpoint file of network <paramref name="member"/> (from 0) of an ensemble, whose networks train one
    /// after another, each its own run: the option's path for the first (so one network's file is unchanged), the path
    /// and ".network2", ".network3"... for the others. Each keeps its last checkpoint until the fit completes, so a
    /// restarted coordinator resumes every finished network from its last checkpoint (at most its last epoch again,
    /// bit-identically) and the network in progress from where it stood.</summary>
    public static string OfNetwork(string path, int member) => member == 0 ? path : $"{path}.network{member + 1}";

    /// <summary>Saves a checkpoint; a failure (a full disk, the folder removed) names the option and the file.</summary>
    /// <exception cref="IOException">The checkpoint could not be written.</exception>
    public static void Save(string path, byte[] identity, RunCheckpoint checkpoint)
    {
        try
        {
            RunCheckpointFile.Save(path, identity, checkpoint);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(Path.GetFullPath(path), e);
        }
    }

    private static IOException Unwritable(string full, Exception e) =>
        new($"Cannot save {What} to '{full}': {e.Message} The previous checkpoint, if any, is unchanged.", e);
}
