namespace MLNet.Backprop.Quality.Reporting;

/// <summary>The few statistics the report needs.</summary>
public static class Stats
{
    /// <summary>Arithmetic mean; NaN for no values.</summary>
    public static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();

    /// <summary>Sample standard deviation (n − 1); NaN for fewer than two values.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return double.NaN;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>The median (mean of the middle two for an even count); NaN for no values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// Ranks (1 = best) of <paramref name="scores"/>; equal scores share the mean of their ranks; a missing score
    /// (null or NaN) ranks below every present one (tied with the other missing ones).
    /// </summary>
    public static double[] Ranks(IReadOnlyList<double?> scores, bool higherIsBetter)
    {
        // Missing scores sort last whatever the direction.
        double Key(int i) => scores[i] is { } s && !double.IsNaN(s) ? (higherIsBetter ? -s : s) : double.PositiveInfinity;
        var order = Enumerable.Range(0, scores.Count).OrderBy(Key).ToArray();
        var ranks = new double[scores.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && Key(order[end + 1]).Equals(Key(order[start]))) end++;
            double shared = (start + end) / 2.0 + 1;
            for (int j = start; j <= end; j++) ranks[order[j]] = shared;
            start = end + 1;
        }
        return ranks;
    }
}
