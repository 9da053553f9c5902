namespace MLNet.Backprop.Files;

/// <summary>Checks a file a model is about to be saved to, before any work: a save writes a temporary file beside the
/// target and renames it, so a missing directory or a directory at the target's path would otherwise fail only after
/// the model was written, naming the temporary file rather than the path the caller gave.</summary>
internal static class SaveTarget
{
    /// <summary>The full path of <paramref name="path"/>, whose directory exists and which is not itself a directory.</summary>
    /// <param name="path">The path the caller gave.</param>
    /// <param name="what">What is saved, for the message ("the model", "the ONNX model").</param>
    /// <exception cref="DirectoryNotFoundException">The target's directory does not exist.</exception>
    /// <exception cref="IOException">The target is a directory, or its directory is a file.</exception>
    public static string Check(string path, string what)
    {
        string target = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        if (Directory.Exists(target))
            throw new IOException($"Cannot save {what} to '{target}': it is a directory; name a file in it.");
        if (File.Exists(directory))
            throw new IOException($"Cannot save {what} to '{target}': its directory '{directory}' is a file, not a folder.");
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot save {what} to '{target}': its directory '{directory}' does not exist (create it first).");
        return target;
    }
}
