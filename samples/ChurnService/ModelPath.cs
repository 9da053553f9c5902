namespace ChurnService;

/// <summary>
/// Where the model file is. A relative <c>Model:Path</c> is looked for in the current directory and then in each folder
/// above it: <c>dotnet run --project samples/ChurnService</c> runs the service in its project folder, while the churn
/// sample, run from the repository root, writes <c>churn-output/</c> there.
/// </summary>
public static class ModelPath
{
    /// <summary>The full path of the model file.</summary>
    /// <param name="configured">Model:Path.</param>
    /// <param name="from">Where to start looking (default: the current directory).</param>
    /// <exception cref="FileNotFoundException">No such file in any of the places looked at (the message lists them).</exception>
    public static string Resolve(string configured, string? from = null)
    {
        if (Path.IsPathRooted(configured))
            return File.Exists(configured) ? configured : throw Missing(configured, [configured]);
        var tried = new List<string>();
        for (var folder = new DirectoryInfo(from ?? Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.GetFullPath(Path.Combine(folder.FullName, configured));
            tried.Add(candidate);
            if (File.Exists(candidate)) return candidate;
        }
        throw Missing(configured, tried);
    }

    private static FileNotFoundException Missing(string configured, IReadOnlyList<string> tried) =>
        new($"No model file '{configured}': looked for {string.Join(", ", tried.Take(4).Select(t => $"'{t}'"))}{(tried.Count > 4 ? " and above" : "")}. " +
            "Set Model:Path to the file (--Model:Path PATH), or train one: dotnet run --project samples/ChurnPrediction -c Release " +
            "(run from the repository root, it writes churn-output/churn-model.mlnet.zip there).", configured);
}
