namespace MLNet.Backprop.Quality.Reporting;

/// <summary>One trainer against a reference trainer in the primary metric, over the sets where both succeeded.</summary>
/// <param name="Reference">The reference trainer's title.</param>
/// <param name="AtLeast">Sets where the trainer's mean ≥ the reference's.</param>
/// <param name="Sets">Sets compared.</param>
/// <param name="MedianDifference">Median over those sets of (trainer − reference).</param>
public sealed record Comparison(string Reference, int AtLeast, int Sets, double MedianDifference)
{
    /// <summary>The comparison of <paramref name="trainer"/> with <paramref name="reference"/> in <paramref name="table"/>, or null
    /// when no set has both.</summary>
    public static Comparison? Of(ResultTable table, string trainer, string reference)
    {
        var entry = table.Trainers.FirstOrDefault(t => t.Key == reference);
        if (entry is null) return null;
        var differences = table.Sets
            .Select(s => (Own: table.Primary(s, trainer), Other: table.Primary(s, reference)))
            .Where(p => p.Own is not null && p.Other is not null)
            .Select(p => p.Own!.Value - p.Other!.Value)
            .ToList();
        return differences.Count == 0 ? null : new Comparison(entry.Title, differences.Count(d => d >= 0), differences.Count, Stats.Median(differences));
    }
}
