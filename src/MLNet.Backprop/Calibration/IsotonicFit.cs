namespace MLNet.Backprop.Calibration;

/// <summary>Isotonic calibration of a binary logit by pool-adjacent-violators (PAV) on the hold-out rows.</summary>
internal static class IsotonicFit
{
    /// <summary>The non-decreasing step function of the logits closest to the labels in weighted least squares (PAV),
    /// made into a <see cref="IsotonicMap"/>: a knot at each block's weighted mean logit with the block's weighted mean
    /// target. The targets are Platt's, (N₊ + 1)/(N₊ + 2) for a positive row and 1/(N₋ + 2) for a negative one, so every
    /// value stays strictly inside (0, 1): a block of negatives alone (the lowest logits, typically) would otherwise
    /// predict exactly 0, and the first positive below it on new rows would cost an infinite log-loss. Linear
    /// interpolation between the knots keeps the map increasing where the data are, so scores the hold-out did not
    /// separate stay ordered (a step function would tie them). Null when the rows hold one class.</summary>
    public static IsotonicMap? Fit(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights)
    {
        int n = scores.Length;
        double positives = 0, negatives = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            if (labels[i] > 0.5f) positives += w; else negatives += w;
        }
        if (!(positives > 0) || !(negatives > 0)) return null;
        double high = (positives + 1) / (positives + 2), low = 1 / (negatives + 2);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        // Rows with equal scores form one group first (a map of scores cannot tell them apart); a group must be complete
        // before pooling, or its first rows could be merged into the block below before the rest raise its mean.
        var weight = new List<double>(n);
        var target = new List<double>(n);
        var score = new List<double>(n);
        for (int k = 0, g = 0; k < n; k = g)
        {
            double w = 0, t = 0, s = 0;
            for (g = k; g < n && keys[g] == keys[k]; g++)
            {
                int i = order[g];
                double wi = weights.IsEmpty ? 1 : weights[i];
                if (!(wi > 0)) continue;
                w += wi;
                t += wi * (labels[i] > 0.5f ? high : low);
                s += wi * keys[g];
            }
            if (!(w > 0)) continue;
            weight.Add(w); target.Add(t); score.Add(s);
            // Pool adjacent violators: merge the last block into the one before while its mean is not above it. The
            // targets take two values, so equal means are common; a relative tolerance keeps rounding from splitting them.
            while (weight.Count > 1 && target[^1] / weight[^1] <= target[^2] / weight[^2] * (1 + 1e-12))
            {
                weight[^2] += weight[^1]; target[^2] += target[^1]; score[^2] += score[^1];
                weight.RemoveAt(weight.Count - 1); target.RemoveAt(target.Count - 1); score.RemoveAt(score.Count - 1);
            }
        }
        var knots = new List<float>(weight.Count);
        var values = new List<float>(weight.Count);
        for (int b = 0; b < weight.Count; b++)
        {
            float knot = (float)(score[b] / weight[b]), value = (float)Math.Clamp(target[b] / weight[b], low, high);
            // Two blocks whose mean logits round to one float become one knot (the knots must increase).
            if (knots.Count > 0 && !(knot > knots[^1])) { values[^1] = Math.Max(values[^1], value); continue; }
            knots.Add(knot);
            values.Add(value);
        }
        var map = new IsotonicMap(knots.ToArray(), values.ToArray());
        return map.Problem() is null ? map : null;
    }
}
