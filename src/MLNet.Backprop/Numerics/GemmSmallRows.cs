using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Products with one or two rows (single-example prediction) and a row-major B: each C row is built directly from B,
/// vectorised along n, without packing.
/// </summary>
/// <remarks>
/// Packing would copy all of B to use it for one row, and the 8-row register tile would be 7/8 padding; here B is
/// streamed once per row instead. Same arithmetic as every other kernel: each C[i,j] is
/// <c>acc = fma(a[i,p], b[p,j], acc)</c> in increasing p, the lanes of a vector being independent j.
/// </remarks>
internal static unsafe class GemmSmallRows
{
    /// <summary>Largest m handled here.</summary>
    public const int MaxRows = 2;

    public static bool Applies(int m, bool transposeB, GemmKernelKind kernel) =>
        m <= MaxRows && !transposeB && kernel != GemmKernelKind.Scalar;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        float* a, bool transposeA, float* b, float* c, int m, int n, int k, bool accumulate, GemmKernelKind kernel)
    {
        for (int i = 0; i < m; i++)
        {
            // op(A)[i,p] = aRow[p * aStride].
            float* aRow = transposeA ? a + i : a + (nint)i * k;
            nint aStride = transposeA ? m : 1;
            float* cRow = c + (nint)i * n;
            int j = 0;
            if (kernel == GemmKernelKind.Vector512)
            {
                for (; j + 64 <= n; j += 64) Row64(aRow, aStride, b + j, n, k, cRow + j, accumulate);
                for (; j + 32 <= n; j += 32) Row32(aRow, aStride, b + j, n, k, cRow + j, accumulate);
                for (; j + 16 <= n; j += 16) Row16(aRow, aStride, b + j, n, k, cRow + j, accumulate);
            }

            if (kernel == GemmKernelKind.Vector256)
            {
                for (; j + 32 <= n; j += 32) Row32Of256(aRow, aStride, b + j, n, k, cRow + j, accumulate);
            }

            if (kernel == GemmKernelKind.Vector128)
            {
                for (; j + 8 <= n; j += 8) Row8Halves(aRow, aStride, b + j, n, k, cRow + j, accumulate);
            }

            for (; j + 8 <= n; j += 8) Row8(aRow, aStride, b + j, n, k, cRow + j, accumulate);
            for (; j < n; j++)
            {
                float acc = accumulate ? cRow[j] : 0f;
                for (int p = 0; p < k; p++) acc = MathF.FusedMultiplyAdd(aRow[p * aStride], b[(nint)p * n + j], acc);
                cRow[j] = acc;
            }
        }
    }

    /// <summary>64 columns: four independent zmm chains, enough to keep loads and FMAs overlapped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row64(float* aRow, nint aStride, float* b, nint ldb, int k, float* c, bool load)
    {
        Vector512<float> c0 = load ? Vector512.Load(c) : Vector512<float>.Zero;
        Vector512<float> c1 = load ? Vector512.Load(c + 16) : Vector512<float>.Zero;
        Vector512<float> c2 = load ? Vector512.Load(c + 32) : Vector512<float>.Zero;
        Vector512<float> c3 = load ? Vector512.Load(c + 48) : Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> av = Vector512.Create(aRow[p * aStride]);
            float* bp = b + p * ldb;
            c0 = Vector512.FusedMultiplyAdd(av, Vector512.Load(bp), c0);
            c1 = Vector512.FusedMultiplyAdd(av, Vector512.Load(bp + 16), c1);
            c2 = Vector512.FusedMultiplyAdd(av, Vector512.Load(bp + 32), c2);
            c3 = Vector512.FusedMultiplyAdd(av, Vector512.Load(bp + 48), c3);
        }

        c0.Store(c);
        c1.Store(c + 16);
        c2.Store(c + 32);
        c3.Store(c + 48);
    }

    /// <summary>32 columns: two independent zmm chains, where two <see cref="Row16"/> calls would each wait on one
    /// chain's FMA latency (a 32-unit layer scoring one row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row32(float* aRow, nint aStride, float* b, nint ldb, int k, float* c, bool load)
    {
        Vector512<float> c0 = load ? Vector512.Load(c) : Vector512<float>.Zero;
        Vector512<float> c1 = load ? Vector512.Load(c + 16) : Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> av = Vector512.Create(aRow[p * aStride]);
            float* bp = b + p * ldb;
            c0 = Vector512.FusedMultiplyAdd(av, Vector512.Load(bp), c0);
            c1 = Vector512.FusedMultiplyAdd(av, Vector512.Load(bp + 16), c1);
        }

        c0.Store(c);
        c1.Store(c + 16);
    }

    /// <summary>32 columns with 256-bit vectors: four independent ymm chains, where <see cref="Row8"/> calls would each
    /// wait on one chain's FMA latency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row32Of256(float* aRow, nint aStride, float* b, nint ldb, int k, float* c, bool load)
    {
        Vector256<float> c0 = load ? Vector256.Load(c) : Vector256<float>.Zero;
        Vector256<float> c1 = load ? Vector256.Load(c + 8) : Vector256<float>.Zero;
        Vector256<float> c2 = load ? Vector256.Load(c + 16) : Vector256<float>.Zero;
        Vector256<float> c3 = load ? Vector256.Load(c + 24) : Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> av = Vector256.Create(aRow[p * aStride]);
            float* bp = b + p * ldb;
            c0 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp), c0);
            c1 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp + 8), c1);
            c2 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp + 16), c2);
            c3 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp + 24), c3);
        }

        c0.Store(c);
        c1.Store(c + 8);
        c2.Store(c + 16);
        c3.Store(c + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row16(float* aRow, nint aStride, float* b, nint ldb, int k, float* c, bool load)
    {
        Vector512<float> c0 = load ? Vector512.Load(c) : Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(aRow[p * aStride]), Vector512.Load(b + p * ldb), c0);
        }

        c0.Store(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row8(float* aRow, nint aStride, float* b, nint ldb, int k, float* c, bool load)
    {
        Vector256<float> c0 = load ? Vector256.Load(c) : Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            c0 = Vector256.FusedMultiplyAdd(Vector256.Create(aRow[p * aStride]), Vector256.Load(b + p * ldb), c0);
        }

        c0.Store(c);
    }

    /// <summary><see cref="Row8"/> as two Vector128 halves: two independent chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row8Halves(float* aRow, nint aStride, float* b, nint ldb, int k, float* c, bool load)
    {
        Vector128<float> c0 = load ? Vector128.Load(c) : Vector128<float>.Zero;
        Vector128<float> c1 = load ? Vector128.Load(c + 4) : Vector128<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector128<float> av = Vector128.Create(aRow[p * aStride]);
            float* bp = b + p * ldb;
            c0 = Vector128.FusedMultiplyAdd(av, Vector128.Load(bp), c0);
            c1 = Vector128.FusedMultiplyAdd(av, Vector128.Load(bp + 4), c1);
        }

        c0.Store(c);
        c1.Store(c + 4);
    }
}
