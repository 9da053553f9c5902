using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Quality.Evaluation;

/// <summary>Log-loss and expected calibration error of scored rows, computed here (not by the library under test):
/// binary from the Probability column, multiclass from the Score vector (top-label ECE).</summary>
public static class CalibrationMetrics
{
    /// <summary>Equal-width bins of the ECE.</summary>
    public const int Bins = 10;

    /// <summary>log-loss, ECE, the ECE's floor (<see cref="EceFloor"/>) and the calibration slope (<see cref="Slope"/>;
    /// null when it has no finite value) of a binary scoring; null when the trainer gives no Probability column.</summary>
    public static (double LogLoss, double Ece, double EceFloor, double? Slope)? Binary(MLContext ml, IDataView scored, string label)
    {
        if (scored.Schema.GetColumnOrNull("Probability") is null) return null;
        var labels = scored.GetColumn<bool>(label).ToArray();
        var p = scored.GetColumn<float>("Probability").ToArray();
        double loss = 0;
        for (int i = 0; i < p.Length; i++) loss -= Math.Log(Math.Clamp(labels[i] ? p[i] : 1 - p[i], 1e-15, 1));
        var probabilities = p.Select(v => (double)v).ToArray();
        return (loss / p.Length, Ece(probabilities, labels), EceFloor(probabilities), Slope(probabilities, labels));
    }

    /// <summary>Top-label ECE of a multiclass scoring (the predicted class' probability against whether it is right),
    /// and its floor (<see cref="EceFloor"/>) for the same confidences.</summary>
    public static (double Ece, double EceFloor) MulticlassEce(IDataView scored, string label)
    {
        var keys = scored.GetColumn<uint>(label).ToArray();
        var scores = scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        var confidence = new double[keys.Length];
        var right = new bool[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            int best = 0;
            for (int c = 1; c < scores[i].Length; c++) if (scores[i][c] > scores[i][best]) best = c;
            confidence[i] = scores[i][best];
            right[i] = keys[i] == best + 1;
        }
        return (Ece(confidence, right), EceFloor(confidence));
    }

    /// <summary>Beyond this the fitted slope is not a measurement: the rows are (nearly) separated by the probabilities.</summary>
    private const double LargestSlope = 100;

    /// <summary>The calibration slope: a of the maximum-likelihood fit P(event) = σ(a·logit(p) + b) on these rows. 1 when
    /// the probabilities spread as much as the events say; above 1 they are too timid (too close to the base rate),
    /// below 1 too confident. Unlike the ECE it has a sign, and it does not depend on bins. Null when the rows hold one
    /// class, or the events are separated by p (no finite maximum: above <see cref="LargestSlope"/>). Probabilities are
    /// clamped to [1e-7, 1 − 1e-7] (a float probability of exactly 0 or 1 has no logit).</summary>
    public static double? Slope(double[] p, bool[] events)
    {
        if (events.All(e => e) || !events.Any(e => e)) return null;
        var x = p.Select(v => Math.Clamp(v, 1e-7, 1 - 1e-7)).Select(v => Math.Log(v / (1 - v))).ToArray();
        double Loss(double a, double b)
        {
            double loss = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double z = a * x[i] + b;
                loss += Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - (events[i] ? z : 0);
            }
            return loss;
        }
        double a = 1, b = 0, current = Loss(a, b);
        for (int iteration = 0; iteration < 200; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double q = 1 / (1 + Math.Exp(-(a * x[i] + b))), r = q - (events[i] ? 1 : 0), w = q * (1 - q);
                ga += r * x[i]; gb += r;
                haa += w * x[i] * x[i]; hab += w * x[i]; hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (!(det > 0)) return null;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            // Newton's step, halved until the loss goes down (far from the optimum the full step can overshoot).
            double step = 1, next = double.NaN;
            for (; step > 1e-12; step /= 2)
            {
                next = Loss(a - step * da, b - step * db);
                if (next <= current) break;
            }
            if (!(next <= current)) break;
            a -= step * da; b -= step * db;
            if (Math.Abs(a) > LargestSlope) return null;
            bool converged = Math.Abs(step * da) + Math.Abs(step * db) < 1e-10;
            current = next;
            if (converged) break;
        }
        return Math.Abs(a) <= LargestSlope ? a : null;
    }

    /// <summary>Σ over equal-width bins of (rows in bin / rows) × |mean p − frequency of the event|.</summary>
    public static double Ece(double[] p, bool[] events)
    {
        var count = new double[Bins];
        var sum = new double[Bins];
        var hits = new double[Bins];
        for (int i = 0; i < p.Length; i++)
        {
            int bin = Math.Clamp((int)(p[i] * Bins), 0, Bins - 1);
            count[bin]++;
            sum[bin] += p[i];
            if (events[i]) hits[bin]++;
        }
        double ece = 0;
        for (int b = 0; b < Bins; b++)
            if (count[b] > 0) ece += Math.Abs(sum[b] - hits[b]) / p.Length;
        return ece;
    }

    /// <summary>The ECE that a perfectly calibrated model with these probabilities would show on average: the
    /// expectation of <see cref="Ece"/> when each row's event is drawn with its own probability p. A bin's events then
    /// sum to a Poisson-binomial count S with mean Σp, and the bin contributes E|S − Σp| / rows, computed exactly from S's
    /// distribution. ECE is not zero for a calibrated model on a finite test fold, and its floor grows with how many bins
    /// the probabilities spread over (Σ√(rows in a bin) grows), so a sharper model is measured against a higher floor;
    /// this is the reference that tells miscalibration from the binning's sampling noise.</summary>
    public static double EceFloor(double[] p)
    {
        var members = new List<double>[Bins];
        for (int b = 0; b < Bins; b++) members[b] = [];
        foreach (double v in p) members[Math.Clamp((int)(v * Bins), 0, Bins - 1)].Add(v);
        double floor = 0;
        foreach (var bin in members)
        {
            if (bin.Count == 0) continue;
            // distribution[k] = P(S = k), one row at a time (updated from the top so each row is counted once).
            var distribution = new double[bin.Count + 1];
            distribution[0] = 1;
            double mean = 0;
            for (int i = 0; i < bin.Count; i++)
            {
                double q = bin[i];
                mean += q;
                for (int k = i + 1; k > 0; k--) distribution[k] = distribution[k] * (1 - q) + distribution[k - 1] * q;
                distribution[0] *= 1 - q;
            }
            double deviation = 0;
            for (int k = 0; k <= bin.Count; k++) deviation += distribution[k] * Math.Abs(k - mean);
            floor += deviation / p.Length;
        }
        return floor;
    }
}
