using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Products whose result rows are short (a periodic input's per-feature layers: 2k × d with d = 8 and k ≤ 256, against a
/// batch of rows), written as row-by-row multiply-adds vectorised along the short result row: a GEMM would spend more
/// on packing such thin operands than on the arithmetic.
/// </summary>
/// <remarks>Each result element is one chain of correctly rounded products and sums (never fused) in increasing summation
/// index, whether its lane is a vector's or the scalar tail's, so the result is the same bits for any vector width; the
/// products run on the calling thread.</remarks>
internal static class NarrowProducts
{
    /// <summary>c (m × n) = a (m × k) · b (k × n), all row-major: c_ij = ((a_i0·b_0j + a_i1·b_1j) + …) from 0.</summary>
    /// <remarks>Four rows at a time share each load of b, and their four sums are independent chains the processor
    /// overlaps (one row's chain of k dependent additions was the bottleneck); each element's chain is unchanged.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        if ((long)m * k > a.Length || (long)k * n > b.Length || (long)m * n > c.Length) throw new ArgumentException("The spans are shorter than the shapes.");
        ref float ar = ref MemoryMarshal.GetReference(a), br = ref MemoryMarshal.GetReference(b), cr = ref MemoryMarshal.GetReference(c);
        int width = Vector<float>.Count, whole = n - n % width, r = 0;
        for (; r <= m - 4; r += 4)
        {
            ref float a0 = ref Unsafe.Add(ref ar, (nuint)(r * k));
            ref float a1 = ref Unsafe.Add(ref a0, (nuint)k);
            ref float a2 = ref Unsafe.Add(ref a1, (nuint)k);
            ref float a3 = ref Unsafe.Add(ref a2, (nuint)k);
            for (int j = 0; j < whole; j += width)
            {
                Vector<float> s0 = Vector<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
                for (int q = 0; q < k; q++)
                {
                    var bq = Vector.LoadUnsafe(ref br, (nuint)(q * n + j));
                    s0 += new Vector<float>(Unsafe.Add(ref a0, (nuint)q)) * bq;
                    s1 += new Vector<float>(Unsafe.Add(ref a1, (nuint)q)) * bq;
                    s2 += new Vector<float>(Unsafe.Add(ref a2, (nuint)q)) * bq;
                    s3 += new Vector<float>(Unsafe.Add(ref a3, (nuint)q)) * bq;
                }
                s0.StoreUnsafe(ref cr, (nuint)(r * n + j));
                s1.StoreUnsafe(ref cr, (nuint)((r + 1) * n + j));
                s2.StoreUnsafe(ref cr, (nuint)((r + 2) * n + j));
                s3.StoreUnsafe(ref cr, (nuint)((r + 3) * n + j));
            }
            if (whole < n)
                for (int i = r; i < r + 4; i++) MultiplyTail(ref ar, ref br, ref cr, i, whole, n, k);
        }
        for (; r < m; r++)
        {
            nuint aRow = (nuint)(r * k), cRow = (nuint)(r * n);
            for (int j = 0; j < whole; j += width)
            {
                var sum = Vector<float>.Zero;
                for (int q = 0; q < k; q++) sum += new Vector<float>(Unsafe.Add(ref ar, aRow + (nuint)q)) * Vector.LoadUnsafe(ref br, (nuint)(q * n + j));
                sum.StoreUnsafe(ref cr, cRow + (nuint)j);
            }
            if (whole < n) MultiplyTail(ref ar, ref br, ref cr, r, whole, n, k);
        }
    }

    /// <summary>One row through each of <paramref name="blocks"/> matrices of the same shape: c_b (1 × n) = a_b (1 × k) ·
    /// B_b (k × n, row-major), the a_b, B_b and c_b laid one after another in <paramref name="a"/>, <paramref name="b"/> and
    /// <paramref name="c"/>; each c_b is <see cref="Multiply"/>'s (one row), bit for bit.</summary>
    /// <remarks>A periodic input's one-row pass: every embedded feature is a chain of k dependent additions per vector of
    /// its d columns, which waited on the addition's latency one feature after the other. The blocks' chains are
    /// independent: four run side by side (a last group of fewer repeats its last block, which stores the same values
    /// twice), each element's chain unchanged.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyBlocks(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int blocks, int n, int k)
    {
        if ((long)blocks * k > a.Length || (long)blocks * k * n > b.Length || (long)blocks * n > c.Length) throw new ArgumentException("The spans are shorter than the shapes.");
        ref float ar = ref MemoryMarshal.GetReference(a), br = ref MemoryMarshal.GetReference(b), cr = ref MemoryMarshal.GetReference(c);
        int width = Vector<float>.Count, whole = n - n % width;
        for (int first = 0; first < blocks; first += 4)
        {
            int last = blocks - 1;
            int i0 = first, i1 = Math.Min(first + 1, last), i2 = Math.Min(first + 2, last), i3 = Math.Min(first + 3, last);
            ref float a0 = ref Unsafe.Add(ref ar, (nuint)(i0 * k)), a1 = ref Unsafe.Add(ref ar, (nuint)(i1 * k));
            ref float a2 = ref Unsafe.Add(ref ar, (nuint)(i2 * k)), a3 = ref Unsafe.Add(ref ar, (nuint)(i3 * k));
            ref float b0 = ref Unsafe.Add(ref br, (nuint)((long)i0 * k * n)), b1 = ref Unsafe.Add(ref br, (nuint)((long)i1 * k * n));
            ref float b2 = ref Unsafe.Add(ref br, (nuint)((long)i2 * k * n)), b3 = ref Unsafe.Add(ref br, (nuint)((long)i3 * k * n));
            for (int j = 0; j < whole; j += width)
            {
                Vector<float> s0 = Vector<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
                for (int q = 0; q < k; q++)
                {
                    nuint at = (nuint)(q * n + j);
                    s0 += new Vector<float>(Unsafe.Add(ref a0, (nuint)q)) * Vector.LoadUnsafe(ref b0, at);
                    s1 += new Vector<float>(Unsafe.Add(ref a1, (nuint)q)) * Vector.LoadUnsafe(ref b1, at);
                    s2 += new Vector<float>(Unsafe.Add(ref a2, (nuint)q)) * Vector.LoadUnsafe(ref b2, at);
                    s3 += new Vector<float>(Unsafe.Add(ref a3, (nuint)q)) * Vector.LoadUnsafe(ref b3, at);
                }
                s0.StoreUnsafe(ref cr, (nuint)(i0 * n + j));
                s1.StoreUnsafe(ref cr, (nuint)(i1 * n + j));
                s2.StoreUnsafe(ref cr, (nuint)(i2 * n + j));
                s3.StoreUnsafe(ref cr, (nuint)(i3 * n + j));
            }
            if (whole < n)
                for (int i = first; i <= i3; i++)
                    MultiplyTail(ref Unsafe.Add(ref ar, (nuint)(i * k)), ref Unsafe.Add(ref br, (nuint)((long)i * k * n)), ref Unsafe.Add(ref cr, (nuint)(i * n)), 0, whole, n, k);
        }
    }

    /// <summary>Row r's columns from <paramref name="from"/> on, one scalar chain each.</summary>
    private static void MultiplyTail(ref float ar, ref float br, ref float cr, int r, int from, int n, int k)
    {
        nuint aRow = (nuint)(r * k), cRow = (nuint)(r * n);
        for (int j = from; j < n; j++)
        {
            float sum = 0f;
            for (int q = 0; q < k; q++) sum += Unsafe.Add(ref ar, aRow + (nuint)q) * Unsafe.Add(ref br, (nuint)(q * n + j));
            Unsafe.Add(ref cr, cRow + (nuint)j) = sum;
        }
    }

    /// <summary>c (k × n) = aᵀ · g, a being m × k and g m × n, all row-major: the sums run over the m rows in order, from 0.</summary>
    /// <remarks>Eight rows of c at a time (then four, then one) share each load of g: their chains over the m rows are
    /// independent of each other, and eight keep both adders busy where four waited on the addition's latency; each
    /// element's chain is unchanged.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> g, Span<float> c, int m, int n, int k)
    {
        if ((long)m * k > a.Length || (long)m * n > g.Length || (long)k * n > c.Length) throw new ArgumentException("The spans are shorter than the shapes.");
        ref float ar = ref MemoryMarshal.GetReference(a), gr = ref MemoryMarshal.GetReference(g), cr = ref MemoryMarshal.GetReference(c);
        int width = Vector<float>.Count, whole = n - n % width, q = 0;
        for (; q <= k - 8; q += 8)
        {
            for (int j = 0; j < whole; j += width)
            {
                Vector<float> s0 = Vector<float>.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
                for (int r = 0; r < m; r++)
                {
                    var row = Vector.LoadUnsafe(ref gr, (nuint)(r * n + j));
                    ref float aq = ref Unsafe.Add(ref ar, (nuint)(r * k + q));
                    s0 += new Vector<float>(aq) * row;
                    s1 += new Vector<float>(Unsafe.Add(ref aq, 1)) * row;
                    s2 += new Vector<float>(Unsafe.Add(ref aq, 2)) * row;
                    s3 += new Vector<float>(Unsafe.Add(ref aq, 3)) * row;
                    s4 += new Vector<float>(Unsafe.Add(ref aq, 4)) * row;
                    s5 += new Vector<float>(Unsafe.Add(ref aq, 5)) * row;
                    s6 += new Vector<float>(Unsafe.Add(ref aq, 6)) * row;
                    s7 += new Vector<float>(Unsafe.Add(ref aq, 7)) * row;
                }
                ref float c0 = ref Unsafe.Add(ref cr, (nuint)(q * n + j));
                s0.StoreUnsafe(ref c0);
                s1.StoreUnsafe(ref c0, (nuint)n);
                s2.StoreUnsafe(ref c0, (nuint)(2 * n));
                s3.StoreUnsafe(ref c0, (nuint)(3 * n));
                s4.StoreUnsafe(ref c0, (nuint)(4 * n));
                s5.StoreUnsafe(ref c0, (nuint)(5 * n));
                s6.StoreUnsafe(ref c0, (nuint)(6 * n));
                s7.StoreUnsafe(ref c0, (nuint)(7 * n));
            }
            if (whole < n)
                for (int i = q; i < q + 8; i++) TransposedTail(ref ar, ref gr, ref cr, i, whole, m, n, k);
        }
        for (; q <= k - 4; q += 4)
        {
            for (int j = 0; j < whole; j += width)
            {
                Vector<float> s0 = Vector<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
                for (int r = 0; r < m; r++)
                {
                    var row = Vector.LoadUnsafe(ref gr, (nuint)(r * n + j));
                    ref float aq = ref Unsafe.Add(ref ar, (nuint)(r * k + q));
                    s0 += new Vector<float>(aq) * row;
                    s1 += new Vector<float>(Unsafe.Add(ref aq, 1)) * row;
                    s2 += new Vector<float>(Unsafe.Add(ref aq, 2)) * row;
                    s3 += new Vector<float>(Unsafe.Add(ref aq, 3)) * row;
                }
                s0.StoreUnsafe(ref cr, (nuint)(q * n + j));
                s1.StoreUnsafe(ref cr, (nuint)((q + 1) * n + j));
                s2.StoreUnsafe(ref cr, (nuint)((q + 2) * n + j));
                s3.StoreUnsafe(ref cr, (nuint)((q + 3) * n + j));
            }
            if (whole < n)
                for (int i = q; i < q + 4; i++) TransposedTail(ref ar, ref gr, ref cr, i, whole, m, n, k);
        }
        for (; q < k; q++)
        {
            for (int j = 0; j < whole; j += width)
            {
                var sum = Vector<float>.Zero;
                for (int r = 0; r < m; r++) sum += new Vector<float>(Unsafe.Add(ref ar, (nuint)(r * k + q))) * Vector.LoadUnsafe(ref gr, (nuint)(r * n + j));
                sum.StoreUnsafe(ref cr, (nuint)(q * n + j));
            }
            if (whole < n) TransposedTail(ref ar, ref gr, ref cr, q, whole, m, n, k);
        }
    }

    /// <summary>Row q of c's columns from <paramref name="from"/> on, one scalar chain over the rows each.</summary>
    private static void TransposedTail(ref float ar, ref float gr, ref float cr, int q, int from, int m, int n, int k)
    {
        for (int j = from; j < n; j++)
        {
            float sum = 0f;
            for (int r = 0; r < m; r++) sum += Unsafe.Add(ref ar, (nuint)(r * k + q)) * Unsafe.Add(ref gr, (nuint)(r * n + j));
            Unsafe.Add(ref cr, (nuint)(q * n + j)) = sum;
        }
    }
}
