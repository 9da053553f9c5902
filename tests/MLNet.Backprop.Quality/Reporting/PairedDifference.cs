using MLNet.Backprop.Quality.CommandLine;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Reporting;

/// <summary>
/// A trainer minus a reference trainer in one metric on one set, fold by fold: the folds are paired by (seed, fold),
/// so the spread of the differences leaves out what the two trainers share (which rows a fold holds).
/// </summary>
/// <param name="Pairs">Folds where both trainers have a finite value (failed folds and missing metrics are skipped).</param>
/// <param name="Mean">Mean over the pairs of (trainer − reference).</param>
/// <param name="StandardError">Sample standard deviation of the differences ÷ √<paramref name="Pairs"/>; NaN for fewer than
/// two pairs.</param>
/// <param name="Better">Pairs where the trainer is strictly better (higher or lower as the metric says).</param>
public sealed record PairedDifference(int Pairs, double Mean, double StandardError, int Better)
{
    /// <summary>The metrics paired per task: the primary, log-loss and ECE (classification); R² and RMSE (regression).</summary>
    public static IReadOnlyList<Metric> MetricsFor(TaskKind task) =>
        task == TaskKind.Regression ? [Metric.RSquared, Metric.Rmse] : [Metric.Primary(task), Metric.LogLoss, Metric.Ece];

    /// <summary>
    /// The difference of <paramref name="trainer"/>'s folds and <paramref name="reference"/>'s in <paramref name="metric"/>,
    /// or null when no fold is in both. The rows are one set's; each is matched on its seed and fold label.
    /// </summary>
    public static PairedDifference? Of(IEnumerable<FoldResult> trainer, IEnumerable<FoldResult> reference, Metric metric)
    {
        var referenceValues = new Dictionary<(int, string), double>();
        foreach (var r in reference)
            if (Value(r, metric) is { } v) referenceValues[(r.Seed, r.Fold)] = v;
        var differences = trainer
            .Select(r => (Own: Value(r, metric), Found: referenceValues.TryGetValue((r.Seed, r.Fold), out double other), Other: other))
            .Where(p => p.Own is not null && p.Found)
            .Select(p => p.Own!.Value - p.Other)
            .ToList();
        if (differences.Count == 0) return null;
        int better = differences.Count(d => metric.HigherIsBetter ? d > 0 : d < 0);
        return new PairedDifference(differences.Count, Stats.Mean(differences),
            Stats.StandardDeviation(differences) / Math.Sqrt(differences.Count), better);
    }

    /// <summary>The key of the reference column: <paramref name="requested"/> (<c>--reference</c>, case-insensitive), else
    /// Linear when it is a column, else the first column.</summary>
    /// <exception cref="UsageException"><paramref name="requested"/> is not a column of the run.</exception>
    public static string ReferenceOf(IReadOnlyList<TrainerEntry> trainers, string? requested)
    {
        if (requested is not null)
            return trainers.FirstOrDefault(t => string.Equals(t.Key, requested, StringComparison.OrdinalIgnoreCase))?.Key
                ?? throw new UsageException($"--reference: '{requested}' is not a column of this run; columns: {string.Join(", ", trainers.Select(t => t.Key))}.");
        return trainers.Any(t => t.Key == StandardTrainers.Linear) ? StandardTrainers.Linear : trainers[0].Key;
    }

    /// <summary>True when there are two pairs or more, so that <see cref="StandardError"/> is a number.</summary>
    public bool HasStandardError => !double.IsNaN(StandardError);

    private static double? Value(FoldResult result, Metric metric) =>
        !result.Failed && result.Metrics.TryGetValue(metric.Key, out double v) && double.IsFinite(v) ? v : null;
}
