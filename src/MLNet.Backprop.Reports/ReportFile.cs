namespace MLNet.Backprop.Reports;

/// <summary>
/// Writes a report or plot file whole or not at all: into a temporary file beside the target, renamed over it once
/// complete. Written in place, a full disk or a cancelled write left an existing report cut short. A replaced file
/// keeps its permissions, as the core's model files do.
/// </summary>
internal static class ReportFile
{
    /// <summary>Writes <paramref name="path"/> (a full path whose folder exists) with <paramref name="write"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            UnixFileMode? mode = OperatingSystem.IsWindows() || !File.Exists(path) ? null : File.GetUnixFileMode(path);
            if (mode is { } m && !OperatingSystem.IsWindows()) options.UnixCreateMode = m;
            using (var file = new FileStream(temp, options))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            // The umask may have narrowed the mode the file was created with.
            if (mode is { } exact && !OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, exact);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // The write's own exception says what went wrong; a temporary file left behind is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
            throw;
        }
    }

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
        for (string? folder = Path.GetDirectoryName(full); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
            if (File.Exists(folder))
                throw new IOException($"Cannot write the {what} to '{full}': '{folder}' is a file, not a folder.");
        return full;
    }
}
