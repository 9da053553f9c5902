using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Calibration;

/// <summary>Maximum-likelihood fits of the scaling calibrators on held-out logits, by Newton's method in double.</summary>
internal static class ScalingFit
{
    private const int MaxIterations = 100;

    /// <summary>Platt scaling: a and b minimising Σ w·logloss(t, σ(a·s + b)) with Platt's targets (N₊ + 1)/(N₊ + 2) and
    /// 1/(N₋ + 2) in place of 1 and 0, which keep a and b finite on separable hold-outs. Null when the rows hold one class,
    /// or when the fitted slope is not positive (it would reverse the model's ranking).</summary>
    public static (float A, float B)? Platt(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights)
    {
        double positives = 0, negatives = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            if (labels[i] > 0.5f) positives += w; else negatives += w;
        }
        if (!(positives > 0) || !(negatives > 0)) return null;
        double high = (positives + 1) / (positives + 2), low = 1 / (negatives + 2);
        double Loss(double a, double b, ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights)
        {
            double loss = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                double z = a * scores[i] + b, t = labels[i] > 0.5f ? high : low;
                loss += (weights.IsEmpty ? 1 : weights[i]) * (ScalarMath.Softplus(z) - t * z);
            }
            return loss;
        }
        double a = 1, b = 0, current = Loss(a, b, scores, labels, weights);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                double w = weights.IsEmpty ? 1 : weights[i], s = scores[i], t = labels[i] > 0.5f ? high : low;
                double p = ScalarMath.Sigmoid(a * s + b), r = w * (p - t), v = w * p * (1 - p);
                ga += r * s; gb += r;
                haa += v * s * s; hab += v * s; hbb += v;
            }
            // A small ridge keeps the step defined when every score is the same.
            double det = (haa + 1e-12) * (hbb + 1e-12) - hab * hab;
            if (!(det > 0)) break;
            double da = ((hbb + 1e-12) * ga - hab * gb) / det, db = ((haa + 1e-12) * gb - hab * ga) / det;
            // Newton's step, halved until the loss goes down: far from the optimum (a hold-out whose logits are large)
            // the full step can overshoot and diverge.
            double step = 1, next = double.NaN;
            for (; step > 1e-10; step /= 2)
            {
                next = Loss(a - step * da, b - step * db, scores, labels, weights);
                if (next <= current) break;
            }
            if (!(next <= current)) break;
            a -= step * da; b -= step * db;
            bool converged = Math.Abs(step * da) + Math.Abs(step * db) < 1e-10 || current - next < 1e-13 * Math.Max(1, Math.Abs(current));
            current = next;
            if (converged) break;
        }
        // A slope ≤ 0 would reverse the model's ranking: the hold-out is too small or too noisy to say anything.
        if (!(a > 0)) return null;
        return double.IsFinite(a) && double.IsFinite(b) ? ((float)a, (float)b) : null;
    }

    /// <summary>Temperature scaling: the factor a &gt; 0 (1 / temperature) minimising Σ w·(−Σ_c t_c·log softmax(a·z)_c) over
    /// rows × <paramref name="classes"/> logits, with Platt's smoothing of the targets: t = 1 − ε for the row's class and
    /// ε / (K − 1) for the others, ε = 1 / (W + 2) for rows of total weight W. Without it a hold-out the model separates
    /// has no finite optimum (a → ∞: every probability 0 or 1, an infinite loss on the first test row it gets wrong).
    /// Null when the rows hold one class.</summary>
    public static float? Temperature(ReadOnlySpan<float> logits, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, int classes)
    {
        int rows = labels.Length;
        var seen = new HashSet<int>();
        double totalWeight = 0;
        for (int i = 0; i < rows; i++)
        {
            seen.Add((int)labels[i]);
            totalWeight += weights.IsEmpty ? 1 : weights[i];
        }
        if (seen.Count < 2) return null;
        double epsilon = 1 / (totalWeight + 2), other = epsilon / (classes - 1);
        // Newton on log a keeps a positive: d/du with a = e^u.
        double u = 0;
        var p = new double[classes];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            double a = Math.Exp(u), g = 0, h = 0;
            for (int i = 0; i < rows; i++)
            {
                double w = weights.IsEmpty ? 1 : weights[i];
                var z = logits.Slice(i * classes, classes);
                double max = double.NegativeInfinity, sum = 0, mean = 0, second = 0;
                for (int c = 0; c < classes; c++) max = Math.Max(max, a * z[c]);
                for (int c = 0; c < classes; c++) sum += p[c] = Math.Exp(a * z[c] - max);
                for (int c = 0; c < classes; c++)
                {
                    p[c] /= sum;
                    mean += p[c] * z[c];
                    second += p[c] * z[c] * z[c];
                }
                double target = 0;
                for (int c = 0; c < classes; c++) target += z[c] * (c == (int)labels[i] ? 1 - epsilon : other);
                double dz = mean - target; // d loss / d a (the targets sum to 1)
                g += w * dz;
                h += w * (second - mean * mean);
            }
            // d/du = a·g; d²/du² = a²·h + a·g.
            double gu = a * g, hu = a * a * h + a * g;
            double step = hu > 0 ? gu / hu : Math.Sign(gu) * 0.5;
            step = Math.Clamp(step, -1, 1);
            u -= step;
            if (Math.Abs(step) < 1e-10) break;
        }
        double scale = Math.Exp(u);
        return double.IsFinite(scale) && scale > 0 ? (float)scale : null;
    }
}
