namespace MLNet.Backprop.Diagnostics;

/// <summary>Small numeric helpers shared by the checks.</summary>
internal static class DiagnosisMath
{
    /// <summary>Whether a training loss that rose by <paramref name="rise"/> really rose: by more than
    /// <paramref name="relative"/> of <paramref name="from"/> and by more than 1 % of the run's scale, its first epoch's
    /// loss or the constant prediction's (<paramref name="constant"/>) when larger. A first epoch of many steps (shuttle:
    /// 1,450 batches) already ends 16× below the constant prediction, and the epoch losses' noise near 0.002 then moves
    /// 10 to 40 %: 1 % of what predicting the class shares scores is noise.</summary>
    public static bool LossRose(double rise, double from, double relative, double first, double? constant) =>
        rise > relative * Math.Abs(from) && rise > 0.01 * Math.Max(Math.Abs(first), constant is double c && double.IsFinite(c) ? c : 0);

    /// <summary>Rounds a positive value to one significant digit (0.0347 → 0.03), for suggested settings.</summary>
    public static double Round1(double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) return value;
        double scale = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return Math.Max(1, Math.Round(value / scale)) * scale;
    }

    /// <summary>Rounds a positive value down to one significant digit (0.0347 → 0.03, 10 → 10), for a suggested setting
    /// that must stay at most the value; the relative 1e-9 absorbs a quotient like 1e-3 / 1e-4 landing just below 10.</summary>
    public static double Floor1(double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) return value;
        double scale = Math.Pow(10, Math.Floor(Math.Log10(value) + 1e-9));
        return Math.Max(1, Math.Floor(value / scale * (1 + 1e-9))) * scale;
    }

    /// <summary>The learning rate suggested for a run whose steps are too small: the rate whose steps move the weights by
    /// <paramref name="target"/> of their size, from their moving by <paramref name="ratio"/> at <paramref name="rate"/>
    /// (a small step is proportional to the learning rate under every rule), at least 10× and at most 1000× the rate;
    /// 10× when the ratio is unknown. A fixed 10× left a rate 1e-5 or 1e-6 still too low after the advice was followed.</summary>
    public static double RaisedLearningRate(double rate, double ratio, double target) =>
        Round1(rate * (double.IsFinite(ratio) && ratio > 0 ? Math.Clamp(target / ratio, 10, 1000) : 10));

    /// <summary>The mean update ratio (step norm / weight norm) of the layers over <paramref name="epochs"/>, or NaN when
    /// none was recorded (the diagnostics off).</summary>
    public static double MeanUpdateRatio(IEnumerable<Training.EpochReport> epochs)
    {
        var ratios = epochs.SelectMany(e => e.Layers).Select(l => l.UpdateRatio).Where(r => double.IsFinite(r) && r > 0).ToArray();
        return ratios.Length == 0 ? double.NaN : ratios.Average();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Suggested global clip norm: twice the typical norm of healthy early steps, rounded, so clipping catches
    /// spikes without setting the size of every step.</summary>
    public static double SuggestedClipNorm(IEnumerable<double> earlyNorms) => Round1(2 * Median(earlyNorms));

    /// <summary>The optimizer steps taken over <paramref name="epochs"/> (their batches).</summary>
    public static long Steps(IEnumerable<Training.EpochReport> epochs) => epochs.Sum(e => (long)e.Batches);

    public static Dictionary<string, double> Evidence(params (string Name, double Value)[] items) =>
        items.ToDictionary(i => i.Name, i => i.Value);
}
