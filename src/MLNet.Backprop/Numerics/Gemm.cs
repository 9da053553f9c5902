using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Row-major single-precision matrix multiply: <c>C = op(A)·op(B)</c>, or <c>C += op(A)·op(B)</c> when accumulating.
/// </summary>
/// <remarks>
/// <para>op(A) is m×k: A is stored m×k, or k×m when <c>transposeA</c>. op(B) is k×n: B is stored k×n, or n×k when
/// <c>transposeB</c>. All matrices are dense with leading dimension equal to their row length.</para>
/// <para>Determinism contract (the trainer's reproducibility rests on it): every element of C is accumulated with
/// fused multiply-adds in increasing k order, whatever the degree of parallelism, so the result is bit-identical for
/// any thread count.</para>
/// </remarks>
internal static class Gemm
{
    public static void Multiply(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate, int degreeOfParallelism = 1)
    {
        if (a.Length < m * k) throw new ArgumentException($"A holds {a.Length} values; {m}×{k} needed.", nameof(a));
        if (b.Length < k * n) throw new ArgumentException($"B holds {b.Length} values; {k}×{n} needed.", nameof(b));
        if (c.Length < m * n) throw new ArgumentException($"C holds {c.Length} values; {m}×{n} needed.", nameof(c));
        _ = degreeOfParallelism;

        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * n, n);
            if (!accumulate) row.Clear();
            for (int p = 0; p < k; p++)
            {
                float aip = transposeA ? a[p * m + i] : a[i * k + p];
                if (transposeB)
                {
                    for (int j = 0; j < n; j++) row[j] = MathF.FusedMultiplyAdd(aip, b[j * k + p], row[j]);
                }
                else
                {
                    Axpy(aip, b.Slice(p * n, n), row);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha);
            for (; j <= x.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var vy = Vector256.FusedMultiplyAdd(va, Vector256.Create(x.Slice(j)), Vector256.Create(y.Slice(j)));
                vy.CopyTo(y.Slice(j));
            }
        }
        for (; j < x.Length; j++) y[j] = MathF.FusedMultiplyAdd(alpha, x[j], y[j]);
    }
}
