namespace MLNet.Backprop.Network.Losses;

/// <summary>Example weights in a batch, shared by the losses.</summary>
internal static class LossMath
{
    public static float Weight(ReadOnlySpan<float> weights, int row) => weights.IsEmpty ? 1f : weights[row];

    /// <summary>Σ weights, or the row count when weights are empty. Throws when the total is not positive.</summary>
    public static double TotalWeight(ReadOnlySpan<float> weights, int batch)
    {
        if (weights.IsEmpty) return batch;
        double total = 0;
        for (int i = 0; i < batch; i++) total += weights[i];
        if (!(total > 0)) throw new ArgumentException($"The example weights of a batch must sum to a positive value; got {total}.", nameof(weights));
        return total;
    }
}
