namespace MLNet.Backprop.Files;

/// <summary>A folder files are about to be written into (created if needed). When a folder on its way is an existing
/// file, .NET's own errors say "file already exists" or "access denied", which send the user to permissions, and come
/// only when the first file is written, after the work.</summary>
internal static class OutputFolder
{
    /// <summary>Creates <paramref name="folder"/> if needed and a file in it (deleted on close), then removes the folders
    /// it created: a folder that cannot be written (permissions, a read-only or virtual file system) fails here, before
    /// the work, instead of at the first file after it, and a probe that passes leaves nothing behind (a later error of the
    /// data leaves no empty folder). Writers whose work is long (the data's passes) call it first.</summary>
    /// <param name="folder">A full path.</param>
    /// <param name="what">What is to be written, for the message: "the shard set".</param>
    /// <exception cref="IOException">A folder on the way is a file, or the folder cannot be created or written in (the
    /// message names it and gives .NET's reason; the inner exception is .NET's).</exception>
    public static void VerifyWritable(string folder, string what)
    {
        if (FileInTheWay(folder) is { } inTheWay)
            throw new IOException($"Cannot write {what} to '{folder}': '{inTheWay}' is a file, not a folder.");
        var missing = new List<string>(); // deepest first
        for (string? f = folder; !string.IsNullOrEmpty(f) && !Directory.Exists(f); f = Path.GetDirectoryName(f)) missing.Add(f);
        try
        {
            Directory.CreateDirectory(folder);
            new FileStream(Path.Combine(folder, $".write-check-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.Write, FileShare.None,
                bufferSize: 1, FileOptions.DeleteOnClose).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write {what} to '{folder}': {e.Message} (checked before the data is read).", e);
        }
        finally
        {
            foreach (string created in missing)
            {
                try
                {
                    if (Directory.Exists(created)) Directory.Delete(created);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    break; // another writer put something there meanwhile: its folders stay
                }
            }
        }
    }

    /// <summary>The first of <paramref name="folder"/> and the folders above it that is an existing file, or null.</summary>
    /// <param name="folder">A full path.</param>
    public static string? FileInTheWay(string folder)
    {
        for (string? f = folder; !string.IsNullOrEmpty(f); f = Path.GetDirectoryName(f))
            if (File.Exists(f)) return f;
        return null;
    }
}
