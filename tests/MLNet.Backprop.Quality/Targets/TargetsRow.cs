namespace MLNet.Backprop.Quality.Targets;

/// <summary>One set's line of the <c>--targets</c> report.</summary>
/// <param name="Set">The data set.</param>
/// <param name="Means">Each trainer's primary-metric mean, candidate first, in <see cref="TargetsReport.Trainers"/>'
/// order; NaN when the trainer has no results on the set or a fold failed (missing).</param>
/// <param name="Gap">The best present mean minus the candidate's; +∞ when the candidate is missing.</param>
/// <param name="FitRatio">The candidate's mean fit seconds ÷ LightGbm's; NaN without LightGbm results.</param>
public sealed record TargetsRow(string Set, IReadOnlyList<double> Means, double Gap, double FitRatio)
{
    /// <summary>
    /// Each trainer's rank: 1 + the number of trainers strictly better (ties share the better rank); a missing trainer
    /// ranks last, at the number of trainers.
    /// </summary>
    public IReadOnlyList<int> Ranks => [.. Means.Select(v => double.IsNaN(v) ? Means.Count : 1 + Means.Count(o => o > v))];
}
