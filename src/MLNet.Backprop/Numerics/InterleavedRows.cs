using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Four independent one-row products of the same shape side by side, c_i = a_i·B_i (B_i k × n, row-major, c_i from +0):
/// the hidden and output layers of an ensemble's four networks scoring one row. Each is <see cref="Gemm"/>'s product, bit
/// for bit.
/// </summary>
/// <remarks>
/// <para>One network's one-row product is a chain of k dependent FMAs per group of columns, and a narrow layer (32 units,
/// or the one output) has too few groups to hide the FMA's latency: its chains wait. The four networks' chains are
/// independent, so running them together fills the wait; each c_i[j] is still s ← fma(a_i[p], b_i[p,j], s) for p
/// increasing from s = +0, Gemm's chain (a vector's lanes being independent j), whatever the vector width.</para>
/// </remarks>
internal static class InterleavedRows
{
    /// <summary>How many products run side by side.</summary>
    public const int Count = 4;

    /// <summary>c[i][..n] = a[i][..k]·b[i] for the <see cref="Count"/> products, b[i] k × n row-major.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float[]> a, ReadOnlySpan<float[]> b, ReadOnlySpan<float[]> c, int n, int k)
    {
        if (a.Length != Count || b.Length != Count || c.Length != Count) throw new ArgumentException($"Exactly {Count} products run side by side.");
        for (int i = 0; i < Count; i++)
            if (a[i].Length < k || b[i].Length < (long)k * n || c[i].Length < n) throw new ArgumentException("The arrays are shorter than the shapes.");
        ref float a0 = ref MemoryMarshal.GetArrayDataReference(a[0]), a1 = ref MemoryMarshal.GetArrayDataReference(a[1]);
        ref float a2 = ref MemoryMarshal.GetArrayDataReference(a[2]), a3 = ref MemoryMarshal.GetArrayDataReference(a[3]);
        ref float b0 = ref MemoryMarshal.GetArrayDataReference(b[0]), b1 = ref MemoryMarshal.GetArrayDataReference(b[1]);
        ref float b2 = ref MemoryMarshal.GetArrayDataReference(b[2]), b3 = ref MemoryMarshal.GetArrayDataReference(b[3]);
        ref float c0 = ref MemoryMarshal.GetArrayDataReference(c[0]), c1 = ref MemoryMarshal.GetArrayDataReference(c[1]);
        ref float c2 = ref MemoryMarshal.GetArrayDataReference(c[2]), c3 = ref MemoryMarshal.GetArrayDataReference(c[3]);
        int width = Vector<float>.Count, j = 0;
        // Two vectors of columns of each product: eight chains, enough to cover the FMA's latency on two FMA units.
        for (; j + 2 * width <= n; j += 2 * width)
        {
            Vector<float> s0 = Vector<float>.Zero, t0 = s0, s1 = s0, t1 = s0, s2 = s0, t2 = s0, s3 = s0, t3 = s0;
            for (int p = 0; p < k; p++)
            {
                nuint at = (nuint)((nint)p * n + j);
                var x0 = new Vector<float>(Unsafe.Add(ref a0, p));
                var x1 = new Vector<float>(Unsafe.Add(ref a1, p));
                var x2 = new Vector<float>(Unsafe.Add(ref a2, p));
                var x3 = new Vector<float>(Unsafe.Add(ref a3, p));
                s0 = Vector.FusedMultiplyAdd(x0, Vector.LoadUnsafe(ref b0, at), s0);
                t0 = Vector.FusedMultiplyAdd(x0, Vector.LoadUnsafe(ref b0, at + (nuint)width), t0);
                s1 = Vector.FusedMultiplyAdd(x1, Vector.LoadUnsafe(ref b1, at), s1);
                t1 = Vector.FusedMultiplyAdd(x1, Vector.LoadUnsafe(ref b1, at + (nuint)width), t1);
                s2 = Vector.FusedMultiplyAdd(x2, Vector.LoadUnsafe(ref b2, at), s2);
                t2 = Vector.FusedMultiplyAdd(x2, Vector.LoadUnsafe(ref b2, at + (nuint)width), t2);
                s3 = Vector.FusedMultiplyAdd(x3, Vector.LoadUnsafe(ref b3, at), s3);
                t3 = Vector.FusedMultiplyAdd(x3, Vector.LoadUnsafe(ref b3, at + (nuint)width), t3);
            }
            s0.StoreUnsafe(ref c0, (nuint)j);
            t0.StoreUnsafe(ref c0, (nuint)(j + width));
            s1.StoreUnsafe(ref c1, (nuint)j);
            t1.StoreUnsafe(ref c1, (nuint)(j + width));
            s2.StoreUnsafe(ref c2, (nuint)j);
            t2.StoreUnsafe(ref c2, (nuint)(j + width));
            s3.StoreUnsafe(ref c3, (nuint)j);
            t3.StoreUnsafe(ref c3, (nuint)(j + width));
        }
        for (; j + width <= n; j += width)
        {
            Vector<float> s0 = Vector<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < k; p++)
            {
                nuint at = (nuint)((nint)p * n + j);
                s0 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a0, p)), Vector.LoadUnsafe(ref b0, at), s0);
                s1 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a1, p)), Vector.LoadUnsafe(ref b1, at), s1);
                s2 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a2, p)), Vector.LoadUnsafe(ref b2, at), s2);
                s3 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a3, p)), Vector.LoadUnsafe(ref b3, at), s3);
            }
            s0.StoreUnsafe(ref c0, (nuint)j);
            s1.StoreUnsafe(ref c1, (nuint)j);
            s2.StoreUnsafe(ref c2, (nuint)j);
            s3.StoreUnsafe(ref c3, (nuint)j);
        }
        // The last columns (a one-output layer's only one): four scalar chains.
        for (; j < n; j++)
        {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int p = 0; p < k; p++)
            {
                nint at = (nint)p * n + j;
                s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a0, p), Unsafe.Add(ref b0, at), s0);
                s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a1, p), Unsafe.Add(ref b1, at), s1);
                s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a2, p), Unsafe.Add(ref b2, at), s2);
                s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a3, p), Unsafe.Add(ref b3, at), s3);
            }
            Unsafe.Add(ref c0, j) = s0;
            Unsafe.Add(ref c1, j) = s1;
            Unsafe.Add(ref c2, j) = s2;
            Unsafe.Add(ref c3, j) = s3;
        }
    }
}
