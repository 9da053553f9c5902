using MLNet.Backprop.Numerics;

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

    /// <summary>The bin of a finite, non-zero magnitude by the defining formula (the reference of <see cref="Count"/>).</summary>
    internal static int BinOf(float magnitude) =>
        Math.Clamp((int)Math.Floor((Math.Log10(magnitude) - LowestExponent) / BinWidth), 0, BinCount - 1);

    /// <summary>
    /// Thresholds[i − 1] is the smallest positive float whose <see cref="BinOf"/> is at least i (i = 1 … BinCount − 1).
    /// <see cref="BinOf"/> never decreases as the magnitude grows, so a magnitude's bin is the number of thresholds it
    /// reaches: counting comparisons gives exactly the formula's bins without a logarithm per value.
    /// </summary>
    internal static readonly float[] Thresholds = BuildThresholds();

    private static float[] BuildThresholds()
    {
        var thresholds = new float[BinCount - 1];
        for (int i = 1; i < BinCount; i++)
        {
            // Positive floats are ordered like their bit patterns: binary search for the first one in bin ≥ i.
            int low = BitConverter.SingleToInt32Bits(float.Epsilon), high = BitConverter.SingleToInt32Bits(float.MaxValue);
            while (low < high)
            {
                int mid = low + (high - low) / 2;
                if (BinOf(BitConverter.Int32BitsToSingle(mid)) >= i) high = mid;
                else low = mid + 1;
            }
            thresholds[i - 1] = BitConverter.Int32BitsToSingle(low);
        }
        return thresholds;
    }

    // counts[b] = (values reaching threshold b) − (values reaching threshold b + 1); non-finite values go to the last bin.
    private static long Count(ReadOnlySpan<float> gradients, long[] counts)
    {
        Span<long> reached = stackalloc long[BinCount - 1];
        reached.Clear();
        var (zeros, nonFinite) = ThresholdCounts.Count(gradients, Thresholds, reached);
        long total = gradients.Length - zeros - nonFinite;
        counts[0] += total - reached[0];
        for (int b = 1; b < BinCount - 1; b++) counts[b] += reached[b - 1] - reached[b];
        counts[BinCount - 1] += reached[BinCount - 2] + nonFinite;
        return zeros;
    }
}
