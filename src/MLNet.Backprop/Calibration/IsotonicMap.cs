namespace MLNet.Backprop.Calibration;

/// <summary>A non-decreasing piecewise-linear map from a binary logit to a probability: knots at increasing logits
/// <see cref="Knots"/> with probabilities <see cref="Values"/> (non-decreasing, strictly inside (0, 1)), linear between
/// two knots and constant beyond the first and the last. The model's score becomes the logit of that probability, so
/// the sigmoid that follows gives it back.</summary>
/// <remarks>Evaluated as v_i + min(max(s − k_i, 0), k_{i+1} − k_i) · slope_i for the segment i whose left knot is the
/// last one ≤ s (the first segment below the first knot, the last above the last knot), in float: the ONNX export
/// computes the same operations (<c>LessOrEqual</c>, <c>ReduceSum</c>, <c>Gather</c>), so both agree bit for bit up to
/// the final logarithm.</remarks>
internal sealed class IsotonicMap
{
    /// <summary>The largest number of knots a model stores (a hold-out's distinct blocks; bounds a damaged file too).</summary>
    public const int MaxKnots = 1 << 20;

    public IsotonicMap(float[] knots, float[] values)
    {
        Knots = knots;
        Values = values;
        int segments = Math.Max(knots.Length - 1, 1);
        Widths = new float[segments];
        Slopes = new float[segments];
        for (int i = 0; i + 1 < knots.Length; i++)
        {
            Widths[i] = knots[i + 1] - knots[i];
            Slopes[i] = (values[i + 1] - values[i]) / Widths[i];
        }
    }

    public float[] Knots { get; }
    public float[] Values { get; }

    /// <summary>Per segment, k_{i+1} − k_i (0 for a single knot).</summary>
    public float[] Widths { get; }

    /// <summary>Per segment, (v_{i+1} − v_i) / (k_{i+1} − k_i) (0 for a single knot).</summary>
    public float[] Slopes { get; }

    /// <summary>The calibrated probability of logit <paramref name="score"/>; NaN for NaN.</summary>
    public float Probability(float score)
    {
        // The number of knots ≤ score, as the ONNX graph counts them, then the segment to its left.
        int count = 0, low = 0, high = Knots.Length;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (Knots[mid] <= score) low = mid + 1; else high = mid;
        }
        count = low;
        int i = Math.Clamp(count - 1, 0, Widths.Length - 1);
        float along = MathF.Min(MathF.Max(score - Knots[i], 0f), Widths[i]);
        // 0·score keeps a NaN score NaN (Max and Min would turn it into a bound).
        return Values[i] + along * Slopes[i] + score * 0f;
    }

    /// <summary>The logit whose sigmoid is <see cref="Probability"/>.</summary>
    public float Logit(float score)
    {
        float p = Probability(score);
        return MathF.Log(p / (1f - p));
    }

    /// <summary>Why the values cannot be a map, or null.</summary>
    public string? Problem()
    {
        if (Knots.Length == 0 || Knots.Length != Values.Length) return $"the isotonic calibration has {Knots.Length} knots and {Values.Length} values";
        for (int i = 0; i < Knots.Length; i++)
        {
            if (!float.IsFinite(Knots[i]) || (i > 0 && !(Knots[i] > Knots[i - 1]))) return "the isotonic calibration's knots are not finite and increasing";
            if (!(Values[i] > 0f && Values[i] < 1f) || (i > 0 && !(Values[i] >= Values[i - 1])))
                return "the isotonic calibration's values are not non-decreasing inside (0, 1)";
        }
        return null;
    }
}
