using System.Runtime.CompilerServices;
namespace MLNet.Backprop.Numerics;

/// <summary>Counts, over a run of values, the magnitudes that are zero, not finite, or reach each of a rising list of
/// thresholds: the counting half of a histogram with fixed bin edges, without a logarithm per value.</summary>
internal static class ThresholdCounts
{
    /// <summary>Adds to <paramref name="reached"/>[t] the finite non-zero |v| ≥ thresholds[t]; returns the zeros and the
    /// non-finite values. <paramref name="thresholds"/> must rise.</summary>
    public static (long Zeros, long NonFinite) Count(ReadOnlySpan<float> values, ReadOnlySpan<float> thresholds, Span<long> reached)
    {
        long zeros = 0, nonFinite = 0;
        int i = 0;
        if (Lanes.Use512) i = Count<Vector512Lane>(i, values, thresholds, reached, ref zeros, ref nonFinite);
        if (Lanes.Use256) i = Count<Vector256Lane>(i, values, thresholds, reached, ref zeros, ref nonFinite);
        if (Lanes.Use128) i = Count<Vector128Lane>(i, values, thresholds, reached, ref zeros, ref nonFinite);
        Count<ScalarLane>(i, values, thresholds, reached, ref zeros, ref nonFinite);
        return (zeros, nonFinite);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // one compiled loop per lane width; see AdamMoments.Apply
    private static int Count<TLane>(int i, ReadOnlySpan<float> values, ReadOnlySpan<float> thresholds, Span<long> reached,
        ref long zeros, ref long nonFinite) where TLane : struct, ILane<TLane>
    {
        TLane zero = TLane.Broadcast(0f), maxFinite = TLane.Broadcast(float.MaxValue);
        for (; i <= values.Length - TLane.Count; i += TLane.Count)
        {
            TLane m = TLane.Abs(TLane.Load(values, i));
            zeros += TLane.CountTrue(TLane.EqualTo(m, zero));
            TLane finite = TLane.LessThanOrEqual(m, maxFinite);
            nonFinite += TLane.Count - TLane.CountTrue(finite);
            for (int t = 0; t < thresholds.Length; t++)
            {
                int hits = TLane.CountTrue(TLane.And(TLane.GreaterThanOrEqual(m, TLane.Broadcast(thresholds[t])), finite));
                if (hits == 0) break; // thresholds rise: none further is reached either
                reached[t] += hits;
            }
        }
        return i;
    }
}
