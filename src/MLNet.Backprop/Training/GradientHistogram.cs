namespace MLNet.Backprop.Training;

/// <summary>
/// Distribution of gradient magnitudes of one layer: counts of |g| per half-decade bin of log10|g|, from 1e-10 to 1e2,
/// plus the exact zeros. Taken from the last mini-batch of an epoch.
/// </summary>
public sealed record GradientHistogram
{
    /// <summary>log10 of the lower edge of the first bin.</summary>
    public const double LowestExponent = -10;

    /// <summary>Width of a bin in decades.</summary>
    public const double BinWidth = 0.5;

    /// <summary>Number of bins (1e-10 … 1e2).</summary>
    public const int BinCount = 24;

    /// <summary>Values per bin: bin i holds |g| in [10^(−10 + i/2), 10^(−10 + (i+1)/2)); below the first bin counts in
    /// bin 0, above the last in the last bin.</summary>
    public IReadOnlyList<long> Counts { get; init; } = new long[BinCount];

    /// <summary>Number of gradients exactly 0 (ReLU units that were off for every example of the batch give these).</summary>
    public long Zeros { get; init; }

    /// <summary>Lower edge of bin <paramref name="bin"/>.</summary>
    public static double LowerEdge(int bin) => Math.Pow(10, LowestExponent + bin * BinWidth);

    internal static GradientHistogram Of(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
    {
        var counts = new long[BinCount];
        long zeros = Count(weights, counts) + Count(bias, counts);
        return new GradientHistogram { Counts = counts, Zeros = zeros };
    }

    private static long Count(ReadOnlySpan<float> gradients, long[] counts)
    {
        long zeros = 0;
        foreach (float g in gradients)
        {
            float magnitude = MathF.Abs(g);
            if (magnitude == 0f) { zeros++; continue; }
            if (!float.IsFinite(magnitude)) { counts[BinCount - 1]++; continue; }
            int bin = (int)Math.Floor((Math.Log10(magnitude) - LowestExponent) / BinWidth);
            counts[Math.Clamp(bin, 0, BinCount - 1)]++;
        }
        return zeros;
    }
}
