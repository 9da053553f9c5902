using MLNet.Backprop.Quality.Evaluation;

namespace MLNet.Backprop.Quality.Targets;

/// <summary>
/// One trainer's primary metric (AUC, macro-accuracy or R²) on one set, fold by fold over all seeds, as
/// <c>--targets</c> reads it: a failed fold counts as NaN, so the mean is NaN (missing); the fit seconds are those of
/// the folds that have a value.
/// </summary>
/// <param name="Values">The primary metric per fold, NaN for a failed one, in file order.</param>
/// <param name="FitSeconds">The fit seconds of the folds with a value, in file order.</param>
public sealed record PrimaryResults(IReadOnlyList<double> Values, IReadOnlyList<double> FitSeconds)
{
    /// <summary>The mean value; NaN when a fold failed or there is none.</summary>
    public double Mean => MeanOf(Values);

    /// <summary>The mean fit seconds; NaN when there is none.</summary>
    public double MeanFitSeconds => MeanOf(FitSeconds);

    /// <summary>
    /// Per (set, trainer), the results of several folds.csv files in order: a (set, trainer) in a later file replaces
    /// an earlier file's whole, so a rerun of some trainers overrides the run it was compared with.
    /// </summary>
    public static Dictionary<(string Set, string Trainer), PrimaryResults> Merge(IEnumerable<IReadOnlyList<FoldResult>> files)
    {
        var merged = new Dictionary<(string, string), PrimaryResults>();
        foreach (var file in files)
            foreach (var (key, results) in Of(file)) merged[key] = results;
        return merged;
    }

    /// <summary>Per (set, trainer) of one file: only those with a primary value or a failed fold.</summary>
    public static Dictionary<(string Set, string Trainer), PrimaryResults> Of(IReadOnlyList<FoldResult> file)
    {
        var values = new Dictionary<(string, string), (List<double> Values, List<double> Fits)>();
        foreach (var fold in file)
        {
            bool hasValue = fold.Metrics.TryGetValue(Metric.Primary(fold.Task).Key, out double value);
            if (!hasValue && !fold.Failed) continue;
            var key = (fold.Set, fold.Trainer);
            if (!values.TryGetValue(key, out var lists)) values[key] = lists = ([], []);
            if (hasValue)
            {
                lists.Values.Add(value);
                lists.Fits.Add(fold.FitSeconds);
            }
            if (fold.Failed) lists.Values.Add(double.NaN);
        }
        return values.ToDictionary(p => p.Key, p => new PrimaryResults(p.Value.Values, p.Value.Fits));
    }

    // Summed left to right in file order, as the Python script that first computed issue 25's figures did: the means
    // agree with it to the last bit, and trainers with the same values tie exactly (Enumerable.Sum may reorder the sum).
    private static double MeanOf(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Count;
    }
}
