using MLNet.Backprop.Quality.CommandLine;

namespace MLNet.Backprop.Quality.DataSets;

/// <summary>The sets of a run: <c>--sets</c>, or the quick ones, or all, always in catalog order.</summary>
public static class SetSelection
{
    /// <summary>The selected sets.</summary>
    /// <exception cref="UsageException">An unknown set name.</exception>
    public static IReadOnlyList<DataSetInfo> Resolve(IReadOnlyList<string>? requested, bool quick)
    {
        var names = requested ?? (quick ? DataSetCatalog.Quick : null);
        if (names is null) return DataSetCatalog.All;
        // "sparse" names the wide sparse sets.
        names = [.. names.SelectMany(n => string.Equals(n, "sparse", StringComparison.OrdinalIgnoreCase) ? DataSetCatalog.Sparse : [n])];
        foreach (var name in names)
            if (DataSetCatalog.Find(name) is null)
                throw new UsageException($"--sets: unknown set '{name}'; available: {string.Join(", ", DataSetCatalog.All.Select(s => s.Name))}.");
        return [.. DataSetCatalog.All.Where(s => names.Contains(s.Name, StringComparer.OrdinalIgnoreCase))];
    }
}
