using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// One row times a matrix, c = a·B or c += a·B (B k × n, row-major), visiting only the listed positions of a, those whose
/// value is not zero: a piecewise-linear encoding's row is half zeros (a value's bins above it), a periodic part's E
/// mostly zeros (embeddings the ReLU zeroed, clipped indicators at their median), and B's rows at them need not be read.
/// The result is <see cref="Gemm"/>'s, bit for bit, or the call says it cannot tell.
/// </summary>
/// <remarks>
/// <para>Why the bits are Gemm's: Gemm's chain for c[j] is s ← fma(a[p], b[p,j], s) for every p from s = +0 (from c[j]
/// when accumulating: both chains start there, a NaN or ∞ kept as it is by every step); this one, t, skips the p with
/// a[p] = 0. With B finite, a skipped step adds an exact ±0, so s keeps its value (its sign of zero aside); a kept step
/// rounds a[p]·b[p,j] + s and a[p]·b[p,j] + t, exact values that are equal when s and t are equal numerically, to the
/// same float unless that value is zero. So s and t end numerically equal and differ at most in
/// the sign of a zero: when every c[j] is non-zero they are the same bits; when one is ±0 the call returns false and the
/// caller runs the whole product. B must be finite (0·∞ is NaN, which skipping would lose): the caller checks it once.</para>
/// <para>Several columns' chains run side by side (eight or four vectors at once) so that the FMA latency overlaps; each
/// column's chain is in increasing p as in Gemm.</para>
/// </remarks>
internal static class ZeroSkippingRow
{
    /// <summary>c[..n] = a·B (+= with <paramref name="accumulate"/>: each chain from c[j], as Gemm's) over the positions in
    /// <paramref name="nonZero"/> (increasing, exactly those of a that are not zero); false, with c overwritten, when some
    /// c[j] is zero (the caller then runs <see cref="Gemm.Multiply"/> on c as it was).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryMultiply(ReadOnlySpan<float> a, ReadOnlySpan<int> nonZero, ReadOnlySpan<float> b, Span<float> c, int n, bool accumulate = false)
    {
        if (c.Length < n || (long)a.Length * n > b.Length) throw new ArgumentException("The spans are shorter than the shapes.");
        ref float ar = ref MemoryMarshal.GetReference(a), br = ref MemoryMarshal.GetReference(b), cr = ref MemoryMarshal.GetReference(c);
        int width = Vector<float>.Count, j = 0;
        // Eight vectors at once: a 64-unit layer's row in one pass over the positions with 256-bit vectors (each pass is
        // a chain of FMAs as long as the positions, so fewer passes are what shortens the wait).
        for (; j + 8 * width <= n; j += 8 * width)
        {
            Vector<float> c0 = Start(ref cr, j, accumulate), c1 = Start(ref cr, j + width, accumulate), c2 = Start(ref cr, j + 2 * width, accumulate),
                c3 = Start(ref cr, j + 3 * width, accumulate), c4 = Start(ref cr, j + 4 * width, accumulate), c5 = Start(ref cr, j + 5 * width, accumulate),
                c6 = Start(ref cr, j + 6 * width, accumulate), c7 = Start(ref cr, j + 7 * width, accumulate);
            foreach (int p in nonZero)
            {
                var av = new Vector<float>(a[p]);
                ref float bp = ref Unsafe.Add(ref br, (nint)p * n + j);
                c0 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp), c0);
                c1 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp, (nuint)width), c1);
                c2 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp, (nuint)(2 * width)), c2);
                c3 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp, (nuint)(3 * width)), c3);
                c4 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp, (nuint)(4 * width)), c4);
                c5 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp, (nuint)(5 * width)), c5);
                c6 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp, (nuint)(6 * width)), c6);
                c7 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp, (nuint)(7 * width)), c7);
            }
            c0.StoreUnsafe(ref cr, (nuint)j);
            c1.StoreUnsafe(ref cr, (nuint)(j + width));
            c2.StoreUnsafe(ref cr, (nuint)(j + 2 * width));
            c3.StoreUnsafe(ref cr, (nuint)(j + 3 * width));
            c4.StoreUnsafe(ref cr, (nuint)(j + 4 * width));
            c5.StoreUnsafe(ref cr, (nuint)(j + 5 * width));
            c6.StoreUnsafe(ref cr, (nuint)(j + 6 * width));
            c7.StoreUnsafe(ref cr, (nuint)(j + 7 * width));
        }
        for (; j + 4 * width <= n; j += 4 * width)
        {
            Vector<float> c0 = Start(ref cr, j, accumulate), c1 = Start(ref cr, j + width, accumulate), c2 = Start(ref cr, j + 2 * width, accumulate),
                c3 = Start(ref cr, j + 3 * width, accumulate);
            foreach (int p in nonZero)
            {
                var av = new Vector<float>(a[p]);
                ref float bp = ref Unsafe.Add(ref br, (nint)p * n + j);
                c0 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp), c0);
                c1 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp, (nuint)width), c1);
                c2 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp, (nuint)(2 * width)), c2);
                c3 = Vector.FusedMultiplyAdd(av, Vector.LoadUnsafe(ref bp, (nuint)(3 * width)), c3);
            }
            c0.StoreUnsafe(ref cr, (nuint)j);
            c1.StoreUnsafe(ref cr, (nuint)(j + width));
            c2.StoreUnsafe(ref cr, (nuint)(j + 2 * width));
            c3.StoreUnsafe(ref cr, (nuint)(j + 3 * width));
        }
        for (; j + width <= n; j += width)
        {
            var c0 = Start(ref cr, j, accumulate);
            foreach (int p in nonZero) c0 = Vector.FusedMultiplyAdd(new Vector<float>(a[p]), Vector.LoadUnsafe(ref br, (nuint)((nint)p * n + j)), c0);
            c0.StoreUnsafe(ref cr, (nuint)j);
        }
        for (; j < n; j++)
        {
            float acc = accumulate ? Unsafe.Add(ref cr, j) : 0f;
            foreach (int p in nonZero) acc = MathF.FusedMultiplyAdd(Unsafe.Add(ref ar, p), Unsafe.Add(ref br, (nint)p * n + j), acc);
            Unsafe.Add(ref cr, j) = acc;
        }
        // == is true for +0 and −0 alike, in a vector's lanes too (an IndexOf might compare bits); NaN is not zero.
        for (j = 0; j + width <= n; j += width)
            if (Vector.EqualsAny(Vector.LoadUnsafe(ref cr, (nuint)j), Vector<float>.Zero)) return false;
        for (; j < n; j++)
            if (Unsafe.Add(ref cr, j) == 0f) return false;
        return true;
    }

    /// <summary>c[..n] = a·B (+= with <paramref name="accumulate"/>), <see cref="Gemm.Multiply"/>'s bits for one row, reading
    /// B's rows at a's non-zero values alone where that gives them (see <see cref="TryMultiply"/>), else running Gemm.
    /// B must be finite (the caller checks it once).</summary>
    /// <remarks>A row of at most <see cref="MaxStackLength"/> values (and as many columns) keeps its positions and c's
    /// earlier values on the stack; a wider one runs Gemm.</remarks>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n, bool accumulate)
    {
        if (a.Length > MaxStackLength || n > MaxStackLength)
        {
            Gemm.Multiply(a, false, b, false, c, 1, n, a.Length, accumulate);
            return;
        }
        Span<int> positions = stackalloc int[a.Length];
        Span<float> before = stackalloc float[accumulate ? n : 0];
        if (accumulate) c.Slice(0, n).CopyTo(before);
        if (TryMultiply(a, positions.Slice(0, NonZeros(a, positions)), b, c, n, accumulate)) return;
        if (accumulate) before.CopyTo(c);
        Gemm.Multiply(a, false, b, false, c, 1, n, a.Length, accumulate);
    }

    /// <summary>The widest row (and result) <see cref="Multiply"/> skips the zeros of.</summary>
    public const int MaxStackLength = 1024;

    /// <summary>The positions of <paramref name="a"/>'s values that are not zero (±0), in increasing order, into
    /// <paramref name="positions"/>; returns how many.</summary>
    /// <remarks>Eight values compared at a time, then a position written per set bit of the mask (a row that is mostly
    /// zeros has few); the scalar tail branch-free. The positions do not depend on the vector width.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int NonZeros(ReadOnlySpan<float> a, Span<int> positions)
    {
        if (positions.Length < a.Length) throw new ArgumentException("Fewer positions than values.", nameof(positions));
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref int pr = ref MemoryMarshal.GetReference(positions);
        int count = 0, p = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; p + Vector256<float>.Count <= a.Length; p += Vector256<float>.Count)
            {
                // == is true for +0 and −0 alike; NaN is not zero.
                uint mask = ~Vector256.Equals(Vector256.LoadUnsafe(ref ar, (nuint)p), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu;
                for (; mask != 0; mask &= mask - 1) Unsafe.Add(ref pr, count++) = p + BitOperations.TrailingZeroCount(mask);
            }
        for (; p < a.Length; p++)
        {
            // Branch-free: every position is written, the count moves past it only when the value is not zero.
            Unsafe.Add(ref pr, count) = p;
            count += Unsafe.Add(ref ar, p) != 0f ? 1 : 0;
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Start(ref float c, int at, bool accumulate) => accumulate ? Vector.LoadUnsafe(ref c, (nuint)at) : Vector<float>.Zero;
}
