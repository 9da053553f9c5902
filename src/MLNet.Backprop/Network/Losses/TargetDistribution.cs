namespace MLNet.Backprop.Network.Losses;

/// <summary>How the training targets are spread, as far as a loss needs it for the best constant prediction.</summary>
/// <param name="ClassShares">Classification: each class's share of the training weight (label → share, summing to 1).</param>
/// <param name="LabelVariance">Regression: the weighted variance of the label.</param>
internal sealed record TargetDistribution(IReadOnlyDictionary<float, double> ClassShares, double LabelVariance)
{
    /// <summary>The entropy −Σ p·log p of the class shares (those above 0).</summary>
    public double Entropy() => -ClassShares.Values.Where(p => p > 0 && p < 1).Sum(p => p * Math.Log(p));
}
