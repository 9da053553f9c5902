namespace MLNet.Backprop.Quality.DataSets;

/// <summary>
/// Finds <c>shared/data/benchmarks</c>: given with <c>--data</c>, or looked for in the current directory, the app's
/// folder and each of their parents (the repository is cloned with <c>shared/</c> as a sibling).
/// </summary>
public static class DataLocator
{
    /// <summary>The folder's path below a search root.</summary>
    public static readonly string RelativePath = Path.Combine("shared", "data", "benchmarks");

    /// <summary>The benchmarks folder, or null if none is found. <paramref name="explicitDirectory"/> may name the
    /// benchmarks folder itself or a folder holding <c>benchmarks/</c> (e.g. <c>shared/data</c>).</summary>
    public static string? Find(string? explicitDirectory)
    {
        if (explicitDirectory is not null)
        {
            var full = Path.GetFullPath(explicitDirectory);
            var nested = Path.Combine(full, "benchmarks");
            return Directory.Exists(nested) ? nested : Directory.Exists(full) ? full : null;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
