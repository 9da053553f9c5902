using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// The element-wise passes of <see cref="PeriodicInput"/> over one embedded feature's rows, each fused into one loop
/// that keeps its running sums in registers (the per-row calls they replace spent more on slicing and on storing and
/// reloading the sums than on the arithmetic).
/// </summary>
/// <remarks>Every element is computed by the same correctly rounded operations, in the same order, as the plain
/// formula in each summary, in a vector's lanes and in the scalar tail alike: the results are the same bits for any
/// vector width, and the same as the per-row passes these replaced.</remarks>
internal static class PeriodicKernels
{
    /// <summary>For each of the <paramref name="rows"/> rows: h += bias (h keeps the pre-activation, whose sign is the
    /// ReLU's gradient), then e = max(h, 0), e's rows <paramref name="eStride"/> apart. The select gives
    /// <see cref="Math.Max(float, float)"/>'s bits: +0 for h ≤ 0, NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddBiasRelu(Span<float> h, ReadOnlySpan<float> bias, Span<float> e, int rows, int eStride)
    {
        int d = bias.Length, width = Vector<float>.Count, whole = d - d % width;
        if ((long)rows * d > h.Length || (rows > 0 && (long)(rows - 1) * eStride + d > e.Length)) throw new ArgumentException("The spans are shorter than the shapes.");
        ref float hr = ref MemoryMarshal.GetReference(h), er = ref MemoryMarshal.GetReference(e);
        ref float br = ref MemoryMarshal.GetReference(bias);
        for (int r = 0; r < rows; r++)
        {
            nuint hRow = (nuint)(r * d), eRow = (nuint)(r * eStride);
            for (int i = 0; i < whole; i += width)
            {
                var sum = Vector.LoadUnsafe(ref hr, hRow + (nuint)i) + Vector.LoadUnsafe(ref br, (nuint)i);
                sum.StoreUnsafe(ref hr, hRow + (nuint)i);
                Vector.ConditionalSelect(Vector.LessThanOrEqual(sum, Vector<float>.Zero), Vector<float>.Zero, sum).StoreUnsafe(ref er, eRow + (nuint)i);
            }
            for (int i = whole; i < d; i++)
            {
                float sum = Unsafe.Add(ref hr, hRow + (nuint)i) + Unsafe.Add(ref br, (nuint)i);
                Unsafe.Add(ref hr, hRow + (nuint)i) = sum;
                Unsafe.Add(ref er, eRow + (nuint)i) = Math.Max(sum, 0f); // IEEE maximum: NaN stays NaN
            }
        }
    }

    /// <summary>g = de where g (the pre-activation, rows × d) is positive, else 0, de's rows <paramref name="deStride"/>
    /// apart; and biasGradient = Σ_rows g, summed over the rows in order from 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluGradient(Span<float> g, ReadOnlySpan<float> de, int deStride, Span<float> biasGradient, int rows)
    {
        int d = biasGradient.Length, width = Vector<float>.Count, whole = d - d % width;
        if ((long)rows * d > g.Length || (rows > 0 && (long)(rows - 1) * deStride + d > de.Length)) throw new ArgumentException("The spans are shorter than the shapes.");
        ref float gr = ref MemoryMarshal.GetReference(g), der = ref MemoryMarshal.GetReference(de);
        ref float sr = ref MemoryMarshal.GetReference(biasGradient);
        for (int i = 0; i < whole; i += width)
        {
            var sum = Vector<float>.Zero;
            for (int r = 0; r < rows; r++)
            {
                nuint at = (nuint)(r * d + i);
                var pre = Vector.LoadUnsafe(ref gr, at);
                var grad = Vector.ConditionalSelect(Vector.GreaterThan(pre, Vector<float>.Zero), Vector.LoadUnsafe(ref der, (nuint)(r * deStride + i)), Vector<float>.Zero);
                grad.StoreUnsafe(ref gr, at);
                sum += grad;
            }
            sum.StoreUnsafe(ref sr, (nuint)i);
        }
        for (int i = whole; i < d; i++)
        {
            float sum = 0f;
            for (int r = 0; r < rows; r++)
            {
                ref float at = ref Unsafe.Add(ref gr, (nuint)(r * d + i));
                at = at > 0f ? Unsafe.Add(ref der, (nuint)(r * deStride + i)) : 0f;
                sum += at;
            }
            Unsafe.Add(ref sr, (nuint)i) = sum;
        }
    }

    /// <summary>sums_m = Σ_rows x_r·(dv_sin,rm·cos_rm − dv_cos,rm·sin_rm) over the rows in order from 0, with dv and v
    /// (rows × 2k, each row's k sin values then its k cos values) and x the rows' mapped values: the frequency gradient
    /// before its factor 2π.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FrequencySums(ReadOnlySpan<float> dv, ReadOnlySpan<float> v, ReadOnlySpan<float> x, Span<float> sums, int rows)
    {
        int k = sums.Length, twoK = 2 * k, width = Vector<float>.Count, whole = k - k % width;
        if ((long)rows * twoK > dv.Length || (long)rows * twoK > v.Length || rows > x.Length) throw new ArgumentException("The spans are shorter than the shapes.");
        ref float dvr = ref MemoryMarshal.GetReference(dv), vr = ref MemoryMarshal.GetReference(v), xr = ref MemoryMarshal.GetReference(x);
        ref float sr = ref MemoryMarshal.GetReference(sums);
        for (int m = 0; m < whole; m += width)
        {
            var sum = Vector<float>.Zero;
            for (int r = 0; r < rows; r++)
            {
                nuint sin = (nuint)(r * twoK + m), cos = sin + (nuint)k;
                var term = Vector.LoadUnsafe(ref dvr, sin) * Vector.LoadUnsafe(ref vr, cos) - Vector.LoadUnsafe(ref dvr, cos) * Vector.LoadUnsafe(ref vr, sin);
                sum += new Vector<float>(Unsafe.Add(ref xr, r)) * term;
            }
            sum.StoreUnsafe(ref sr, (nuint)m);
        }
        for (int m = whole; m < k; m++)
        {
            float sum = 0f;
            for (int r = 0; r < rows; r++)
            {
                int sin = r * twoK + m, cos = sin + k;
                float term = Unsafe.Add(ref dvr, sin) * Unsafe.Add(ref vr, cos) - Unsafe.Add(ref dvr, cos) * Unsafe.Add(ref vr, sin);
                sum += Unsafe.Add(ref xr, r) * term;
            }
            Unsafe.Add(ref sr, (nuint)m) = sum;
        }
    }
}
