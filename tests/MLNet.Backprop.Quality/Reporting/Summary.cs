using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Reporting;

/// <summary>The headline numbers of one MLP column (the default MLP or a variant), computed from the table.</summary>
/// <param name="Mlp">The MLP column.</param>
/// <param name="VsLinear">Against the linear trainer (null if not run).</param>
/// <param name="VsLightGbm">Against LightGbm (null if not run).</param>
/// <param name="VsDefault">A variant against the default MLP (null for the default itself, or if it was not run).</param>
/// <param name="ChurnAuc">Test AUC on the Telco churn split, or null if not run or failed.</param>
/// <param name="FitRatios">Per set, its mean fit time ÷ LightGbm's.</param>
public sealed record MlpSummary(
    TrainerEntry Mlp,
    Comparison? VsLinear,
    Comparison? VsLightGbm,
    Comparison? VsDefault,
    double? ChurnAuc,
    IReadOnlyList<(string Set, double Ratio)> FitRatios)
{
    /// <summary>The largest fit-time ratio and its set, or null.</summary>
    public (string Set, double Ratio)? WorstRatio => FitRatios.Count == 0 ? null : FitRatios.MaxBy(r => r.Ratio);
}

/// <summary>The report's headline: a block per MLP column and every trainer's mean rank.</summary>
/// <param name="Mlps">One block per MLP column, in column order.</param>
/// <param name="MeanRanks">Each trainer's mean rank (1 = best) in the primary metric over <paramref name="RankedSets"/> sets.</param>
/// <param name="RankedSets">Sets ranked (those where at least one trainer succeeded).</param>
public sealed record Summary(IReadOnlyList<MlpSummary> Mlps, IReadOnlyList<(TrainerEntry Trainer, double MeanRank)> MeanRanks, int RankedSets)
{
    /// <summary>Computes the summary of <paramref name="table"/> over all its sets (the churn split counts as a set).</summary>
    public static Summary Of(ResultTable table)
    {
        var mlps = table.Trainers.Where(t => t.IsMlp).Select(m => ForMlp(table, m)).ToList();
        var rankedSets = table.Sets.Where(s => table.Trainers.Any(t => table.Primary(s, t.Key) is not null)).ToList();
        var rankSums = new double[table.Trainers.Count];
        foreach (var set in rankedSets)
        {
            var ranks = Stats.Ranks([.. table.Trainers.Select(t => table.Primary(set, t.Key))], Metric.Primary(set.Task).HigherIsBetter);
            for (int i = 0; i < ranks.Length; i++) rankSums[i] += ranks[i];
        }
        var meanRanks = table.Trainers.Select((t, i) => (t, rankedSets.Count == 0 ? double.NaN : rankSums[i] / rankedSets.Count)).ToList();
        return new Summary(mlps, meanRanks, rankedSets.Count);
    }

    private static MlpSummary ForMlp(ResultTable table, TrainerEntry mlp)
    {
        var ratios = new List<(string, double)>();
        if (table.Trainers.Any(t => t.Key == StandardTrainers.LightGbm))
            foreach (var set in table.Sets)
            {
                var fit = table.FitTime(set.Name, mlp.Key);
                var reference = table.FitTime(set.Name, StandardTrainers.LightGbm);
                if (fit.Ok && reference.Ok && reference.Mean > 0) ratios.Add((set.Name, fit.Mean / reference.Mean));
            }
        var churn = table.Sets.FirstOrDefault(s => s.Name == DataSetCatalog.TelcoChurn) is { } telco ? table.Primary(telco, mlp.Key) : null;
        return new MlpSummary(mlp,
            Comparison.Of(table, mlp.Key, StandardTrainers.Linear),
            Comparison.Of(table, mlp.Key, StandardTrainers.LightGbm),
            mlp.Key == StandardTrainers.Mlp ? null : Comparison.Of(table, mlp.Key, StandardTrainers.Mlp),
            churn,
            ratios);
    }
}
