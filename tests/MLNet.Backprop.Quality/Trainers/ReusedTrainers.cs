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
    /// <exception cref="UsageException">The file's fold count for a cross-validated set differs from <paramref name="folds"/>.</exception>
    public static (IReadOnlyList<TrainerEntry> Trainers, IReadOnlyList<FoldResult> Results) Select(
        IReadOnlyList<FoldResult> file, IReadOnlyList<TrainerEntry> running, IReadOnlyCollection<string> sets, int folds, string source)
    {
        var results = file.Where(r => sets.Contains(r.Set) && !running.Any(t => t.Key == r.Trainer)).ToList();
        foreach (var group in results.Where(r => r.Fold != "test").GroupBy(r => (r.Set, r.Trainer)))
        {
            int count = group.Select(r => r.Fold).Distinct().Count();
            if (count != folds)
                throw new UsageException($"{source} has {count} folds of {group.Key.Trainer} on {group.Key.Set}; this run uses {folds}.");
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
