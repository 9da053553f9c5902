namespace MLNet.Backprop.Integration.Serialization;

/// <summary>A folder files are about to be written into (created if needed). When a folder on its way is an existing
/// file, .NET's own errors say "file already exists" or "access denied", which send the user to permissions, and come
/// only when the first file is written, after the work.</summary>
internal static class OutputFolder
{
    /// <summary>The first of <paramref name="folder"/> and the folders above it that is an existing file, or null.</summary>
    /// <param name="folder">A full path.</param>
    public static string? FileInTheWay(string folder)
    {
        for (string? f = folder; !string.IsNullOrEmpty(f); f = Path.GetDirectoryName(f))
            if (File.Exists(f)) return f;
        return null;
    }
}
