using MLNet.Backprop.Quality.CommandLine;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Reporting;

namespace MLNet.Backprop.Quality.Targets;

/// <summary>
/// <c>--targets CAND --from FILES [--target-references LIST]</c>: reads earlier runs' folds.csv files and prints issue
/// 25's targets for the candidate; trains nothing. Exit code 0, or 2 for a file that cannot be read or a trainer that no
/// file holds.
/// </summary>
public static class TargetsCommand
{
    /// <summary>Runs the report for <paramref name="options"/> (whose <see cref="QualityOptions.TargetCandidate"/> is set).</summary>
    public static int Run(QualityOptions options, TextWriter @out, TextWriter err)
    {
        string candidate = options.TargetCandidate ?? throw new ArgumentException("no --targets candidate.", nameof(options));
        var references = options.TargetReferences ?? QualityOptions.DefaultTargetReferences;
        var files = new List<IReadOnlyList<FoldResult>>();
        foreach (string path in options.TargetFiles ?? [])
        {
            string file = FoldsFile.Resolve(path);
            try
            {
                // The seed of a file without the seed column does not matter here: every seed's folds are averaged.
                files.Add(CsvResultsReader.Parse(File.ReadAllText(file), seedOfFilesWithoutSeeds: 0));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                err.WriteLine($"error: --from {path}: {(e is FileNotFoundException or DirectoryNotFoundException ? $"{file} does not exist." : e.Message)}");
                return 2;
            }
        }
        var data = PrimaryResults.Merge(files);
        if (Missing(data, candidate, references) is { } message)
        {
            err.WriteLine($"error: {message} (--help for usage)");
            return 2;
        }
        @out.Write(TargetsText.Write(TargetsReport.Compute(data, candidate, references)));
        return 0;
    }

    // A name no file holds is a typo or the wrong files: refused, not ranked last on every set.
    private static string? Missing(Dictionary<(string Set, string Trainer), PrimaryResults> data, string candidate, IReadOnlyList<string> references)
    {
        var held = data.Keys.Select(k => k.Trainer).Distinct().Order(StringComparer.Ordinal).ToList();
        string holding = held.Count == 0 ? "no trainer's primary metric" : $"only {string.Join(", ", held)}";
        if (references.Contains(candidate))
            return $"the candidate '{candidate}' is also a reference (--target-references, default {string.Join(',', QualityOptions.DefaultTargetReferences)}); name the others.";
        if (!held.Contains(candidate)) return $"--targets {candidate}: no file given to --from has results of '{candidate}'; they hold {holding}.";
        if (references.FirstOrDefault(r => !held.Contains(r)) is { } absent)
            return $"--target-references: no file given to --from has results of '{absent}'; they hold {holding}.";
        return null;
    }
}
