using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Row-major single-precision matrix multiply: <c>C = op(A)·op(B)</c>, or <c>C += op(A)·op(B)</c> when accumulating.
/// </summary>
/// <remarks>
/// <para>op(A) is m×k: A is stored m×k, or k×m when <c>transposeA</c>. op(B) is k×n: B is stored k×n, or n×k when
/// <c>transposeB</c>. All matrices are dense with leading dimension equal to their row length.</para>
/// <para>Determinism contract (the trainer's reproducibility rests on it): every element of C is one chain of fused
/// multiply-adds in increasing k order, <c>acc = fma(a[i,p], b[p,j], acc)</c>, starting from C[i,j] when
/// accumulating and from +0 otherwise. Blocking, packing, SIMD width and threading only decide <em>where</em> that
/// chain runs, never its order, so the result is bit-identical for any thread count and any kernel
/// (<see cref="MultiplyScalar"/> is the readable statement of the arithmetic).</para>
/// <para>Implementation: a packed, cache-blocked GEMM in the Goto/BLIS style (see <see cref="GemmBlocking"/>), with an
/// AVX-512 8×32 register micro-kernel, a Vector256 fallback and a scalar fallback (<see cref="GemmMicroKernel"/>);
/// a column kernel for panels of at most 8 real columns (<see cref="GemmNarrowKernel"/>) and an unpacked path for
/// one- or two-row products (<see cref="GemmSmallRows"/>). Threads split the m or n dimension only
/// (<see cref="GemmDriver"/>, <see cref="ParallelRunner"/>); no allocation per call after warm-up.</para>
/// </remarks>
internal static class Gemm
{
    /// <summary>
    /// Computes <c>C = op(A)·op(B)</c> (or <c>C += op(A)·op(B)</c> when <paramref name="accumulate"/>), where op(A) is
    /// m×k and op(B) is k×n, all row-major and densely stored.
    /// </summary>
    /// <param name="a">A, stored m×k, or k×m when <paramref name="transposeA"/>.</param>
    /// <param name="transposeA">Whether A is stored transposed (k×m).</param>
    /// <param name="b">B, stored k×n, or n×k when <paramref name="transposeB"/>.</param>
    /// <param name="transposeB">Whether B is stored transposed (n×k).</param>
    /// <param name="c">C, m×n; read only when accumulating.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Inner dimension. With k = 0, C is zeroed (or left unchanged when accumulating).</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="degreeOfParallelism">Maximum number of threads. The result is bit-identical for every value;
    /// small products run on the calling thread regardless, and the count is capped at the processor count.</param>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative, or the parallelism is below 1.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix.</exception>
    public static void Multiply(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate, int degreeOfParallelism = 1)
    {
        Validate(a, transposeA, b, transposeB, c, m, n, k, degreeOfParallelism);
        GemmDriver.Run(a, transposeA, b, transposeB, c, m, n, k, accumulate,
            GemmDriver.ChooseParts(m, n, k, degreeOfParallelism), GemmMicroKernel.Best);
    }

    /// <summary>
    /// Test and benchmark hook: runs with exactly <paramref name="parts"/> partitions of the m/n work (no work
    /// threshold, no processor-count cap) and the given kernel, so partition- and kernel-independence can be checked
    /// on small shapes.
    /// </summary>
    internal static void MultiplyWith(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate, int parts, GemmKernelKind kernel)
    {
        Validate(a, transposeA, b, transposeB, c, m, n, k, parts);
        if (!GemmMicroKernel.IsSupported(kernel))
        {
            throw new PlatformNotSupportedException($"GEMM kernel {kernel} is not accelerated on this machine.");
        }

        GemmDriver.Run(a, transposeA, b, transposeB, c, m, n, k, accumulate, parts, kernel);
    }

    /// <summary>
    /// The reference arithmetic, unblocked and unvectorised: each C[i,j] is <c>acc = fma(a[i,p], b[p,j], acc)</c> for
    /// p = 0..k-1, from C[i,j] (accumulate) or +0. The optimised path must match it bit for bit.
    /// </summary>
    internal static void MultiplyScalar(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate)
    {
        Validate(a, transposeA, b, transposeB, c, m, n, k, 1);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float acc = accumulate ? c[i * n + j] : 0f;
                for (int p = 0; p < k; p++)
                {
                    float aip = transposeA ? a[p * m + i] : a[i * k + p];
                    float bpj = transposeB ? b[j * k + p] : b[p * n + j];
                    acc = MathF.FusedMultiplyAdd(aip, bpj, acc);
                }

                c[i * n + j] = acc;
            }
        }
    }

    private static void Validate(
        ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB, Span<float> c,
        int m, int n, int k, int degreeOfParallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        if (a.Length < (long)m * k)
        {
            string shape = transposeA ? $"{k}×{m} (transposed)" : $"{m}×{k}";
            throw new ArgumentException($"Matrix A holds {a.Length} values; {shape} needs {(long)m * k}.", nameof(a));
        }

        if (b.Length < (long)k * n)
        {
            string shape = transposeB ? $"{n}×{k} (transposed)" : $"{k}×{n}";
            throw new ArgumentException($"Matrix B holds {b.Length} values; {shape} needs {(long)k * n}.", nameof(b));
        }

        if (c.Length < (long)m * n)
        {
            throw new ArgumentException($"Matrix C holds {c.Length} values; {m}×{n} needs {(long)m * n}.", nameof(c));
        }
    }
}

/// <summary>Which micro-kernel runs the inner loop; all produce identical bits.</summary>
internal enum GemmKernelKind
{
    /// <summary>Plain <see cref="MathF.FusedMultiplyAdd"/> loops; runs anywhere.</summary>
    Scalar,

    /// <summary><see cref="Vector128"/> FMA (Arm64 NEON; x64 whose widest accelerated vector is 128 bits but has FMA).</summary>
    Vector128,

    /// <summary><see cref="Vector256"/> FMA (AVX2-class hardware).</summary>
    Vector256,

    /// <summary><see cref="Vector512"/> FMA (AVX-512).</summary>
    Vector512,
}
