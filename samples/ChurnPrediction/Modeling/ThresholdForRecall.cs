namespace ChurnPrediction.Modeling;

/// <summary>
/// A decision threshold chosen for the business question "catch X% of the churners: how many false alarms?". The
/// default 0.5 is rarely right: a retention offer is cheap compared with a lost customer, so recall matters most.
/// </summary>
/// <param name="Threshold">Customers with a probability ≥ this are flagged.</param>
/// <param name="TruePositives">Churners flagged.</param>
/// <param name="FalsePositives">Loyal customers flagged (false alarms).</param>
/// <param name="Positives">All churners.</param>
/// <param name="Negatives">All loyal customers.</param>
public sealed record ThresholdForRecall(float Threshold, int TruePositives, int FalsePositives, int Positives, int Negatives)
{
    public double Recall => (double)TruePositives / Positives;
    public double Precision => (double)TruePositives / (TruePositives + FalsePositives);
    public int Flagged => TruePositives + FalsePositives;

    /// <summary>The highest threshold whose recall reaches <paramref name="targetRecall"/> (so the fewest false alarms).</summary>
    /// <param name="scores">Probability and true label of each test customer.</param>
    /// <param name="targetRecall">Share of churners to catch, in (0, 1].</param>
    public static ThresholdForRecall Find(IReadOnlyList<(float Probability, bool Churned)> scores, double targetRecall)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(targetRecall, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetRecall, 1);
        int positives = scores.Count(s => s.Churned), negatives = scores.Count - positives;
        if (positives == 0) throw new InvalidOperationException("The data has no churners, so recall is undefined.");

        // Walk down the ranking; tied probabilities are taken together, as a threshold cannot split them.
        var ranked = scores.OrderByDescending(s => s.Probability).ToList();
        int tp = 0, fp = 0;
        for (int i = 0; i < ranked.Count;)
        {
            float threshold = ranked[i].Probability;
            for (; i < ranked.Count && ranked[i].Probability == threshold; i++)
                if (ranked[i].Churned) tp++; else fp++;
            if (tp >= targetRecall * positives) return new ThresholdForRecall(threshold, tp, fp, positives, negatives);
        }
        return new ThresholdForRecall(ranked[^1].Probability, tp, fp, positives, negatives);
    }
}
