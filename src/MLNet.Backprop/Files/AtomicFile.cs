namespace MLNet.Backprop.Files;

/// <summary>
/// Writes a file whole or not at all: into a temporary file beside the target, flushed to disk, then renamed over it. On
/// any failure the temporary file is deleted and an existing target is left untouched. A replaced file keeps its Unix
/// permissions; its owner becomes the writing user (changing owners needs privileges .NET does not ask for). Model files,
/// ONNX exports, the training history's CSV and JSON files and the reports' HTML and plots are written this way.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="target"/> (a full path whose directory exists) with <paramref name="write"/>.</summary>
    public static void Write(string target, Action<Stream> write)
    {
        string temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // The temporary file is created with the replaced file's permissions (so the new content is never more
            // readable than the old) and set to them exactly (the umask may have narrowed them) before the rename.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            UnixFileMode? mode = OperatingSystem.IsWindows() || !File.Exists(target) ? null : File.GetUnixFileMode(target);
            if (mode is { } m && !OperatingSystem.IsWindows()) options.UnixCreateMode = m;
            using (var file = Create(temp, options, target))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            if (mode is { } exact && !OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, exact);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Creates the temporary file, or says that the target's directory takes no new file, naming the target: the
    /// system's own message names only the temporary file (on Linux "Could not find file '/proc/.model.zip.….tmp'" in a
    /// directory that refuses new files, "Access to the path '….tmp' is denied" in one the user may not write to), a
    /// name the caller never gave. Nothing has been written yet at this point, so the model is not serialised in vain.</summary>
    private static FileStream Create(string temp, FileStreamOptions options, string target)
    {
        try
        {
            return new FileStream(temp, options);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException(CannotCreate(target, e), e);
        }
        catch (IOException e)
        {
            throw new IOException(CannotCreate(target, e), e);
        }
    }

    private static string CannotCreate(string target, Exception e) =>
        $"Cannot write '{target}': no new file can be created in its directory '{Path.GetDirectoryName(target)}' ({e.Message}). " +
        "Choose a directory this process may write to.";

    /// <summary>Deletes <paramref name="path"/> if it can: after a failed write, whose own exception says what went wrong
    /// (a temporary file left behind is harmless).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
