using MLNet.Backprop.Training;

namespace MLNet.Backprop.Calibration;

/// <summary>Log-loss, expected calibration error and the reliability diagram of probabilities against labels.</summary>
internal static class CalibrationMeasures
{
    /// <summary>Probabilities are clamped to [1e-15, 1 − 1e-15] for the log-loss, as ML.NET's evaluators do.</summary>
    private const double Epsilon = 1e-15;

    /// <summary>Binary: P(positive) per row; multiclass: rows × classes probabilities.</summary>
    public static double LogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, int classes)
    {
        double sum = 0, total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            double p = classes == 1 ? (labels[i] > 0.5f ? probabilities[i] : 1 - probabilities[i]) : probabilities[i * classes + (int)labels[i]];
            sum -= w * Math.Log(Math.Clamp(p, Epsilon, 1 - Epsilon));
            total += w;
        }
        return sum / total;
    }

    /// <summary>The reliability diagram: binary on P(positive) against the label, multiclass on the predicted class'
    /// probability against whether it is right (top-label calibration).</summary>
    public static ReliabilityBin[] Bins(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, int classes,
        int bins = CalibrationReport.BinCount)
    {
        var weight = new double[bins];
        var predicted = new double[bins];
        var observed = new double[bins];
        for (int i = 0; i < labels.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i], p;
            bool hit;
            if (classes == 1)
            {
                p = probabilities[i];
                hit = labels[i] > 0.5f;
            }
            else
            {
                var row = probabilities.Slice(i * classes, classes);
                int best = 0;
                for (int c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
                p = row[best];
                hit = best == (int)labels[i];
            }
            int bin = Math.Clamp((int)(p * bins), 0, bins - 1);
            weight[bin] += w;
            predicted[bin] += w * p;
            if (hit) observed[bin] += w;
        }
        return Enumerable.Range(0, bins).Select(b => new ReliabilityBin((double)b / bins, (double)(b + 1) / bins,
            weight[b] > 0 ? predicted[b] / weight[b] : double.NaN, weight[b] > 0 ? observed[b] / weight[b] : double.NaN, weight[b])).ToArray();
    }

    /// <summary>Σ over bins of weight × |mean predicted − observed| / total weight.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<ReliabilityBin> bins)
    {
        double total = bins.Sum(b => b.Weight);
        return bins.Where(b => b.Weight > 0).Sum(b => b.Weight * Math.Abs(b.MeanPredicted - b.ObservedFrequency)) / total;
    }
}
