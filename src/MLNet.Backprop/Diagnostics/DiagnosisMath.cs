namespace MLNet.Backprop.Diagnostics;

/// <summary>Small numeric helpers shared by the checks.</summary>
internal static class DiagnosisMath
{
    /// <summary>Rounds a positive value to one significant digit (0.0347 → 0.03), for suggested settings.</summary>
    public static double Round1(double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) return value;
        double scale = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return Math.Max(1, Math.Round(value / scale)) * scale;
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

    public static Dictionary<string, double> Evidence(params (string Name, double Value)[] items) =>
        items.ToDictionary(i => i.Name, i => i.Value);
}
