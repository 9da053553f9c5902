using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// The element-wise passes of a dense layer on a row-major batch (rows × n): bias add fused with ReLU, the ReLU
/// derivative fused with the bias gradient, and the dead-unit scan.
/// </summary>
/// <remarks>
/// <para>Every kernel runs <see cref="Vector512"/> lanes when the hardware accelerates them, else <see cref="Vector256"/>,
/// then a scalar tail, and each element goes through the same single IEEE-754 operation (an addition, a comparison, a
/// select) in every path, so the vector body and the scalar tail give identical bits and the result does not depend on
/// the vector width. Column sums add the rows in increasing row order, exactly like adding row vectors one after the
/// other.</para>
/// </remarks>
internal static class LayerKernels
{
    /// <summary>z[r, j] += bias[j] for every row.</summary>
    public static void AddBias(Span<float> z, ReadOnlySpan<float> bias, int rows, int n)
    {
        Check(z.Length, rows, n, bias.Length);
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float br = ref MemoryMarshal.GetReference(bias);
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref zr, r * n);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= n - 16; j += 16)
                    (Vector512.LoadUnsafe(ref row, (nuint)j) + Vector512.LoadUnsafe(ref br, (nuint)j)).StoreUnsafe(ref row, (nuint)j);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= n - 8; j += 8)
                    (Vector256.LoadUnsafe(ref row, (nuint)j) + Vector256.LoadUnsafe(ref br, (nuint)j)).StoreUnsafe(ref row, (nuint)j);
            }
            for (; j < n; j++) Unsafe.Add(ref row, j) += Unsafe.Add(ref br, j);
        }
    }

    /// <summary>
    /// z[r, j] += bias[j]; a[r, j] = max(z[r, j], 0) with IEEE-754 maximum semantics (as <see cref="MathF.Max"/>:
    /// NaN stays NaN, −0 becomes +0), written as a select so that it is one compare per element.
    /// </summary>
    public static void AddBiasRelu(Span<float> z, ReadOnlySpan<float> bias, Span<float> a, int rows, int n)
    {
        Check(z.Length, rows, n, bias.Length);
        Check(a.Length, rows, n, n);
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(bias);
        for (int r = 0; r < rows; r++)
        {
            ref float zRow = ref Unsafe.Add(ref zr, r * n);
            ref float aRow = ref Unsafe.Add(ref ar, r * n);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= n - 16; j += 16)
                {
                    var v = Vector512.LoadUnsafe(ref zRow, (nuint)j) + Vector512.LoadUnsafe(ref br, (nuint)j);
                    v.StoreUnsafe(ref zRow, (nuint)j);
                    Vector512.ConditionalSelect(Vector512.LessThanOrEqual(v, Vector512<float>.Zero), Vector512<float>.Zero, v)
                        .StoreUnsafe(ref aRow, (nuint)j);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= n - 8; j += 8)
                {
                    var v = Vector256.LoadUnsafe(ref zRow, (nuint)j) + Vector256.LoadUnsafe(ref br, (nuint)j);
                    v.StoreUnsafe(ref zRow, (nuint)j);
                    Vector256.ConditionalSelect(Vector256.LessThanOrEqual(v, Vector256<float>.Zero), Vector256<float>.Zero, v)
                        .StoreUnsafe(ref aRow, (nuint)j);
                }
            }
            for (; j < n; j++)
            {
                float v = Unsafe.Add(ref zRow, j) + Unsafe.Add(ref br, j);
                Unsafe.Add(ref zRow, j) = v;
                Unsafe.Add(ref aRow, j) = Relu(v);
            }
        }
    }

    /// <summary>The scalar ReLU of <see cref="AddBiasRelu"/>: equal to <c>MathF.Max(v, 0)</c> for every input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Relu(float v) => v <= 0f ? 0f : v;

    /// <summary>
    /// delta[r, j] ← 0 where !(a[r, j] &gt; 0) (the ReLU derivative read from the output), and
    /// biasGradient[j] = Σ_r delta[r, j] of the result, summed in increasing r.
    /// </summary>
    public static void ReluBackwardWithColumnSums(ReadOnlySpan<float> a, Span<float> delta, Span<float> biasGradient, int rows, int n)
    {
        Check(a.Length, rows, n, n);
        Check(delta.Length, rows, n, biasGradient.Length);
        if (rows == 0) return;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float dr = ref MemoryMarshal.GetReference(delta);
        ref float gr = ref MemoryMarshal.GetReference(biasGradient);
        for (int r = 0; r < rows; r++)
        {
            ref float aRow = ref Unsafe.Add(ref ar, r * n);
            ref float dRow = ref Unsafe.Add(ref dr, r * n);
            bool first = r == 0;
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= n - 16; j += 16)
                {
                    var on = Vector512.GreaterThan(Vector512.LoadUnsafe(ref aRow, (nuint)j), Vector512<float>.Zero);
                    var d = Vector512.ConditionalSelect(on, Vector512.LoadUnsafe(ref dRow, (nuint)j), Vector512<float>.Zero);
                    d.StoreUnsafe(ref dRow, (nuint)j);
                    (first ? d : Vector512.LoadUnsafe(ref gr, (nuint)j) + d).StoreUnsafe(ref gr, (nuint)j);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= n - 8; j += 8)
                {
                    var on = Vector256.GreaterThan(Vector256.LoadUnsafe(ref aRow, (nuint)j), Vector256<float>.Zero);
                    var d = Vector256.ConditionalSelect(on, Vector256.LoadUnsafe(ref dRow, (nuint)j), Vector256<float>.Zero);
                    d.StoreUnsafe(ref dRow, (nuint)j);
                    (first ? d : Vector256.LoadUnsafe(ref gr, (nuint)j) + d).StoreUnsafe(ref gr, (nuint)j);
                }
            }
            for (; j < n; j++)
            {
                float d = Unsafe.Add(ref aRow, j) > 0f ? Unsafe.Add(ref dRow, j) : 0f;
                Unsafe.Add(ref dRow, j) = d;
                Unsafe.Add(ref gr, j) = first ? d : Unsafe.Add(ref gr, j) + d;
            }
        }
    }

    /// <summary>sums[j] = Σ_r m[r, j], summed in increasing r (row 0 is copied, then each row added).</summary>
    public static void ColumnSums(ReadOnlySpan<float> m, Span<float> sums, int rows, int n)
    {
        Check(m.Length, rows, n, sums.Length);
        if (rows == 0) return;
        m.Slice(0, n).CopyTo(sums);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float sr = ref MemoryMarshal.GetReference(sums);
        for (int r = 1; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref mr, r * n);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= n - 16; j += 16)
                    (Vector512.LoadUnsafe(ref sr, (nuint)j) + Vector512.LoadUnsafe(ref row, (nuint)j)).StoreUnsafe(ref sr, (nuint)j);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= n - 8; j += 8)
                    (Vector256.LoadUnsafe(ref sr, (nuint)j) + Vector256.LoadUnsafe(ref row, (nuint)j)).StoreUnsafe(ref sr, (nuint)j);
            }
            for (; j < n; j++) Unsafe.Add(ref sr, j) += Unsafe.Add(ref row, j);
        }
    }

    /// <summary>flags[j] becomes all ones (and stays so) when some z[r, j] &gt; 0: the units active in this batch.</summary>
    public static void MarkPositiveColumns(ReadOnlySpan<float> z, Span<uint> flags, int rows, int n)
    {
        Check(z.Length, rows, n, flags.Length);
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref uint fr = ref MemoryMarshal.GetReference(flags);
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref zr, r * n);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= n - 16; j += 16)
                {
                    var on = Vector512.GreaterThan(Vector512.LoadUnsafe(ref row, (nuint)j), Vector512<float>.Zero).AsUInt32();
                    (Vector512.LoadUnsafe(ref fr, (nuint)j) | on).StoreUnsafe(ref fr, (nuint)j);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= n - 8; j += 8)
                {
                    var on = Vector256.GreaterThan(Vector256.LoadUnsafe(ref row, (nuint)j), Vector256<float>.Zero).AsUInt32();
                    (Vector256.LoadUnsafe(ref fr, (nuint)j) | on).StoreUnsafe(ref fr, (nuint)j);
                }
            }
            for (; j < n; j++)
                if (Unsafe.Add(ref row, j) > 0f) Unsafe.Add(ref fr, j) = uint.MaxValue;
        }
    }

    // Bounds for the unchecked loads: every kernel touches rows × n values of the batch and n of the vector.
    private static void Check(int length, int rows, int n, int vectorLength)
    {
        if (rows < 0 || n < 0 || length < (long)rows * n || vectorLength < n)
            throw new ArgumentException($"A buffer is too short for {rows} × {n} values (has {length}, vector {vectorLength}).");
    }
}
