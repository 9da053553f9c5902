namespace MLNet.Backprop.Quality.Targets;

/// <summary>
/// Issue 25's targets for a candidate trainer: per set the candidate's and the references' primary-metric means, the
/// gap to the best and the fit time against LightGbm; over the sets the mean rank, the sets ahead of LightGbm, those
/// more than <see cref="BehindBy"/> behind the best and those more than <see cref="SlowerBy"/> times LightGbm's fit.
/// </summary>
/// <param name="Trainers">The candidate, then the references.</param>
/// <param name="Rows">One per set where the candidate has results, ordered by name (ordinal).</param>
public sealed record TargetsReport(IReadOnlyList<string> Trainers, IReadOnlyList<TargetsRow> Rows)
{
    /// <summary>The trainer the fit times and "ahead" compare with.</summary>
    public const string Baseline = "lightgbm";

    /// <summary>Left out of "ahead": issue 25 counts it over the cross-validated sets, and this is one fixed test split.</summary>
    public const string ExcludedFromAhead = "telco_churn";

    /// <summary>A gap to the best mean above this is "behind".</summary>
    public const double BehindBy = 0.02;

    /// <summary>A fit ratio above this is "slow".</summary>
    public const double SlowerBy = 3;

    /// <summary>The report from merged results (<see cref="PrimaryResults.Merge"/>).</summary>
    public static TargetsReport Compute(IReadOnlyDictionary<(string Set, string Trainer), PrimaryResults> data, string candidate,
        IReadOnlyList<string> references)
    {
        IReadOnlyList<string> trainers = [candidate, .. references];
        var rows = data.Keys.Where(k => k.Trainer == candidate).Select(k => k.Set).Order(StringComparer.Ordinal)
            .Select(set => Row(data, set, trainers)).ToList();
        return new TargetsReport(trainers, rows);
    }

    /// <summary>Each trainer's mean rank over the sets; NaN without sets.</summary>
    public IReadOnlyList<double> MeanRanks => [.. Trainers.Select((_, i) => Rows.Count == 0 ? double.NaN : Rows.Average(r => (double)r.Ranks[i]))];

    /// <summary>The sets counted for "ahead": all but <see cref="ExcludedFromAhead"/>, where LightGbm has a mean.</summary>
    public IReadOnlyList<TargetsRow> ComparedWithBaseline => BaselineIndex is int b
        ? [.. Rows.Where(r => r.Set != ExcludedFromAhead && !double.IsNaN(r.Means[b]))]
        : [];

    /// <summary>How many of <see cref="ComparedWithBaseline"/> the candidate's mean is strictly above LightGbm's.</summary>
    public int Ahead => BaselineIndex is int b ? ComparedWithBaseline.Count(r => r.Means[0] > r.Means[b]) : 0;

    /// <summary>The sets where the candidate is more than <see cref="BehindBy"/> below the best.</summary>
    public IReadOnlyList<TargetsRow> Behind => [.. Rows.Where(r => r.Gap > BehindBy)];

    /// <summary>The sets where the candidate's fit takes more than <see cref="SlowerBy"/> times LightGbm's.</summary>
    public IReadOnlyList<TargetsRow> Slow => [.. Rows.Where(r => r.FitRatio > SlowerBy)];

    private int? BaselineIndex
    {
        get
        {
            for (int i = 0; i < Trainers.Count; i++)
                if (Trainers[i] == Baseline) return i;
            return null;
        }
    }

    private static TargetsRow Row(IReadOnlyDictionary<(string, string), PrimaryResults> data, string set, IReadOnlyList<string> trainers)
    {
        var means = trainers.Select(t => data.TryGetValue((set, t), out var r) ? r.Mean : double.NaN).ToList();
        var present = means.Where(m => !double.IsNaN(m)).ToList();
        double gap = double.IsNaN(means[0]) ? double.PositiveInfinity : present.Max() - means[0];
        double fit = data[(set, trainers[0])].MeanFitSeconds;
        // A baseline fit of 0 (a value rounded away) gives no ratio rather than an infinite one.
        double ratio = trainers.Contains(Baseline) && data.TryGetValue((set, Baseline), out var baseline) && baseline.MeanFitSeconds != 0
            ? fit / baseline.MeanFitSeconds
            : double.NaN;
        return new TargetsRow(set, means, gap, ratio);
    }
}
