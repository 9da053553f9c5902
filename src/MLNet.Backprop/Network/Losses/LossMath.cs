namespace MLNet.Backprop.Network.Losses;

/// <summary>Shared pieces of the losses: weight handling and numerically stable log-space helpers.</summary>
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

    /// <summary>log(1 + eˣ) without overflow for large x or loss of precision for very negative x.</summary>
    public static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    /// <summary>
    /// σ(x) − y computed as (1 − y)·σ(x) − y·σ(−x): equal in exact arithmetic, but for y = 1 it is −σ(−x) rather than a
    /// difference of two numbers near 1, so a saturated output keeps full float32 precision in its gradient.
    /// </summary>
    public static float SigmoidMinus(float x, float y)
    {
        float e = MathF.Exp(-MathF.Abs(x));
        float inverse = 1f / (1f + e);
        float big = inverse, small = e * inverse; // σ(|x|) and σ(−|x|)
        float positive = x >= 0f ? big : small, negative = x >= 0f ? small : big; // σ(x), σ(−x)
        return (1f - y) * positive - y * negative;
    }

    /// <summary>1/(1 + e⁻ˣ) without overflow: evaluated through e^(−|x|).</summary>
    public static float Sigmoid(float x)
    {
        if (x >= 0f) return 1f / (1f + MathF.Exp(-x));
        float e = MathF.Exp(x);
        return e / (1f + e);
    }
}
