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
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        if ((long)m * k > a.Length || (long)k * n > b.Length || (long)m * n > c.Length) throw new ArgumentException("The spans are shorter than the shapes.");
        ref float ar = ref MemoryMarshal.GetReference(a), br = ref MemoryMarshal.GetReference(b), cr = ref MemoryMarshal.GetReference(c);
        int width = Vector<float>.Count, whole = n - n % width;
        for (int r = 0; r < m; r++)
        {
            nuint aRow = (nuint)(r * k), cRow = (nuint)(r * n);
            for (int j = 0; j < whole; j += width)
            {
                var sum = Vector<float>.Zero;
                for (int q = 0; q < k; q++) sum += new Vector<float>(Unsafe.Add(ref ar, aRow + (nuint)q)) * Vector.LoadUnsafe(ref br, (nuint)(q * n + j));
                sum.StoreUnsafe(ref cr, cRow + (nuint)j);
            }
            for (int j = whole; j < n; j++)
            {
                float sum = 0f;
                for (int q = 0; q < k; q++) sum += Unsafe.Add(ref ar, aRow + (nuint)q) * Unsafe.Add(ref br, (nuint)(q * n + j));
                Unsafe.Add(ref cr, cRow + (nuint)j) = sum;
            }
        }
    }

    /// <summary>c (k × n) = aᵀ · g, a being m × k and g m × n, all row-major: the sums run over the m rows in order, from 0.</summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> g, Span<float> c, int m, int n, int k)
    {
        if ((long)m * k > a.Length || (long)m * n > g.Length || (long)k * n > c.Length) throw new ArgumentException("The spans are shorter than the shapes.");
        ref float ar = ref MemoryMarshal.GetReference(a), gr = ref MemoryMarshal.GetReference(g), cr = ref MemoryMarshal.GetReference(c);
        int width = Vector<float>.Count, whole = n - n % width;
        for (int q = 0; q < k; q++)
        {
            for (int j = 0; j < whole; j += width)
            {
                var sum = Vector<float>.Zero;
                for (int r = 0; r < m; r++) sum += new Vector<float>(Unsafe.Add(ref ar, (nuint)(r * k + q))) * Vector.LoadUnsafe(ref gr, (nuint)(r * n + j));
                sum.StoreUnsafe(ref cr, (nuint)(q * n + j));
            }
            for (int j = whole; j < n; j++)
            {
                float sum = 0f;
                for (int r = 0; r < m; r++) sum += Unsafe.Add(ref ar, (nuint)(r * k + q)) * Unsafe.Add(ref gr, (nuint)(r * n + j));
                Unsafe.Add(ref cr, (nuint)(q * n + j)) = sum;
            }
        }
    }

    /// <summary>destination += scale · source, element by element (a product, then a sum).</summary>
    public static void AddScaled(Span<float> destination, float scale, ReadOnlySpan<float> source)
    {
        int width = Vector<float>.Count, n = destination.Length, i = 0;
        if (n >= width)
        {
            var s = new Vector<float>(scale);
            for (; i <= n - width; i += width)
            {
                var d = new Vector<float>(destination.Slice(i, width)) + s * new Vector<float>(source.Slice(i, width));
                d.CopyTo(destination.Slice(i, width));
            }
        }
        for (; i < n; i++) destination[i] += scale * source[i];
    }
}
