using MLNet.Backprop.Files;

namespace MLNet.Backprop.Reports;

/// <summary>Where a report or plot file may be written (they are written whole or not at all, by the core's
/// <see cref="AtomicFile"/>, as model files are).</summary>
internal static class ReportFile
{
    /// <summary>The full path of a report or plot file, refused when it cannot be one: .NET's own errors say "access
    /// denied" or "is a directory" for a directory (after the work is done) and "file already exists" for a folder that is
    /// a file, which send the user to permissions.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="what">What is written, for the message ("report", "plot").</param>
    /// <param name="file">The file to name instead, for the message ("an .html file").</param>
    /// <exception cref="IOException">The path is a directory, or a folder on it is an existing file.</exception>
    public static string Target(string path, string what, string file)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(full))
            throw new IOException($"Cannot write the {what} to '{full}': it is a directory; name {file} in it.");
        if (Path.GetDirectoryName(full) is { } parent && OutputFolder.FileInTheWay(parent) is { } folder)
            throw new IOException($"Cannot write the {what} to '{full}': '{folder}' is a file, not a folder.");
        return full;
    }

    /// <summary>Creates the folder of <paramref name="full"/> (a path from <see cref="Target"/>) if needed, or says that it
    /// cannot be created, naming it and the file: .NET's own error for a folder in a place that takes none (a read-only
    /// or virtual file system) is "Could not find file '…/plots'", which reads as if a file were expected there.</summary>
    /// <param name="full">The file to write.</param>
    /// <param name="what">What is written, for the message ("report", "plot").</param>
    /// <exception cref="IOException">The folder cannot be created (.NET's exception inside).</exception>
    public static void CreateFolderOf(string full, string what)
    {
        string folder = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write the {what} to '{full}': its folder '{folder}' cannot be created ({e.Message}).", e);
        }
    }
}
