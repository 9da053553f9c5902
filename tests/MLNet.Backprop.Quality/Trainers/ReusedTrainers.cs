using MLNet.Backprop.Quality.CommandLine;
using MLNet.Backprop.Quality.Evaluation;

namespace MLNet.Backprop.Quality.Trainers;

/// <summary>
/// Columns taken from an earlier run's folds.csv (<c>--reuse</c>) instead of being trained again: every trainer in the
/// file that this run does not train. A built-in key keeps its title; any other key is an MLP variant of that run.
/// </summary>
public static class ReusedTrainers
{
    /// <summary>The reused columns and their results on <paramref name="sets"/>.</summary>
    /// <exception cref="UsageException">For a cross-validated set, the file's seeds differ from <paramref name="seeds"/>
    /// or a seed's fold count from <paramref name="folds"/>; for a fixed split, its seed is not the first one (the one
    /// this run gives fixed splits).</exception>
    public static (IReadOnlyList<TrainerEntry> Trainers, IReadOnlyList<FoldResult> Results) Select(
        IReadOnlyList<FoldResult> file, IReadOnlyList<TrainerEntry> running, IReadOnlyCollection<string> sets, int folds,
        IReadOnlyList<int> seeds, string source)
    {
        var results = file.Where(r => sets.Contains(r.Set) && !running.Any(t => t.Key == r.Trainer)).ToList();
        foreach (var group in results.GroupBy(r => (r.Set, r.Trainer)))
        {
            bool fixedSplit = group.All(r => r.Fold == "test");
            IReadOnlyList<int> expected = fixedSplit ? [seeds[0]] : seeds;
            var found = group.Select(r => r.Seed).Distinct().Order().ToList();
            if (!found.SequenceEqual(expected.Order()))
                throw new UsageException($"{source} has {group.Key.Trainer} on {group.Key.Set} with seed(s) {SeedList.Format(found)}; this run uses "
                    + (fixedSplit ? $"seed {seeds[0]} for a fixed split" : $"{SeedList.Format(seeds)}") + " (a folds.csv without a seed column counts as this run's first seed).");
            if (fixedSplit) continue;
            foreach (var seed in group.GroupBy(r => r.Seed))
            {
                int count = seed.Select(r => r.Fold).Distinct().Count();
                if (count != folds)
                    throw new UsageException($"{source} has {count} folds of {group.Key.Trainer} on {group.Key.Set} (seed {seed.Key}); this run uses {folds}.");
            }
        }
        var trainers = results.Select(r => r.Trainer).Distinct()
            .Select(key => StandardTrainers.All.FirstOrDefault(t => t.Key == key) is { } builtIn
                ? builtIn with { Create = NotTrained, Description = $"{builtIn.Description} (reused from {source})" }
                : new TrainerEntry(key, $"MLP:{key}", NotTrained, IsMlp: true, $"reused from {source}"))
            .ToList();
        return (trainers, results);
    }

    private static Microsoft.ML.IEstimator<Microsoft.ML.ITransformer> NotTrained(Microsoft.ML.MLContext ml, DataSets.TaskKind task) =>
        throw new InvalidOperationException("A reused column is never trained.");
}
