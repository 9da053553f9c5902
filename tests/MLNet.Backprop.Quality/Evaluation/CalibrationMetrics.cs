using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Quality.Evaluation;

/// <summary>Log-loss and expected calibration error of scored rows, computed here (not by the library under test):
/// binary from the Probability column, multiclass from the Score vector (top-label ECE).</summary>
public static class CalibrationMetrics
{
    /// <summary>Equal-width bins of the ECE.</summary>
    public const int Bins = 10;

    /// <summary>log-loss and ECE of a binary scoring; null when the trainer gives no Probability column.</summary>
    public static (double LogLoss, double Ece)? Binary(MLContext ml, IDataView scored, string label)
    {
        if (scored.Schema.GetColumnOrNull("Probability") is null) return null;
        var labels = scored.GetColumn<bool>(label).ToArray();
        var p = scored.GetColumn<float>("Probability").ToArray();
        double loss = 0;
        for (int i = 0; i < p.Length; i++) loss -= Math.Log(Math.Clamp(labels[i] ? p[i] : 1 - p[i], 1e-15, 1));
        return (loss / p.Length, Ece(p.Select(v => (double)v).ToArray(), labels));
    }

    /// <summary>Top-label ECE of a multiclass scoring: the predicted class' probability against whether it is right.</summary>
    public static double MulticlassEce(IDataView scored, string label)
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
        return Ece(confidence, right);
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
}
