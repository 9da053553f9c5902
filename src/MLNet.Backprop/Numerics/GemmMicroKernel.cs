using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using static MLNet.Backprop.Numerics.GemmBlocking;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// The MR×NR register micro-kernels: C_tile = (load ? C_tile : 0) then, for p = 0..kc-1,
/// C_tile[r,c] = fma(Apack[p,r], Bpack[p,c], C_tile[r,c]).
/// </summary>
/// <remarks>
/// Packed layouts (see <see cref="GemmPacking"/>): the A micro-panel is kc rows of MR floats (<c>pa[p*MR + r]</c>),
/// the B micro-panel kc rows of NR floats (<c>pb[p*NR + c]</c>). Every kernel performs, for every element, the same
/// FMA chain in the same order, so they are interchangeable bit for bit; they differ only in how many chains run side
/// by side.
/// </remarks>
internal static unsafe class GemmMicroKernel
{
    /// <summary>The fastest kernel this machine accelerates. The 128-bit kernel only with a fused multiply-add instruction:
    /// without one <see cref="Vector128.FusedMultiplyAdd(Vector128{float}, Vector128{float}, Vector128{float})"/> is a
    /// software loop per element (the same bits, slower than the scalar kernel's <see cref="MathF.FusedMultiplyAdd"/>).</summary>
    public static readonly GemmKernelKind Best =
        Vector512.IsHardwareAccelerated ? GemmKernelKind.Vector512
        : Vector256.IsHardwareAccelerated ? GemmKernelKind.Vector256
        : Vector128.IsHardwareAccelerated && HasFusedMultiplyAdd ? GemmKernelKind.Vector128
        : GemmKernelKind.Scalar;

    /// <summary>Whether the processor has a vector fused multiply-add instruction (every Arm64 processor has one).</summary>
    private static bool HasFusedMultiplyAdd => Fma.IsSupported || AdvSimd.IsSupported;

    /// <summary>Whether <paramref name="kind"/> runs with its vectors in hardware (any kernel gives the same bits).</summary>
    public static bool IsSupported(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Scalar => true,
        GemmKernelKind.Vector128 => Vector128.IsHardwareAccelerated,
        GemmKernelKind.Vector256 => Vector256.IsHardwareAccelerated,
        GemmKernelKind.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary>Runs one full MR×NR tile. <paramref name="c"/> has row stride <paramref name="ldc"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(GemmKernelKind kind, int kc, float* pa, float* pb, float* c, nint ldc, bool load)
    {
        switch (kind)
        {
            case GemmKernelKind.Vector512:
                Kernel512(kc, pa, MR, pb, NR, c, ldc, load);
                break;
            case GemmKernelKind.Vector256:
                // Four 4×16 quarter tiles: 8 ymm accumulators each, within the 16 ymm registers of AVX2.
                Kernel256(kc, pa, pb, c, ldc, load);
                Kernel256(kc, pa, pb + 16, c + 16, ldc, load);
                Kernel256(kc, pa + 4, pb, c + 4 * ldc, ldc, load);
                Kernel256(kc, pa + 4, pb + 16, c + 4 * ldc + 16, ldc, load);
                break;
            case GemmKernelKind.Vector128:
                // Eight 4×8 pieces: 8 accumulators each, within the 16 xmm registers of SSE/AVX (NEON has 32).
                for (int r = 0; r < MR; r += 4)
                {
                    for (int j = 0; j < NR; j += 8) Kernel128(kc, pa + r, pb + j, c + r * ldc + j, ldc, load);
                }

                break;
            default:
                KernelScalar(kc, pa, pb, c, ldc, load);
                break;
        }
    }

    /// <summary>The <see cref="GemmKernelKind.Vector512"/> tile reading A and B in place: step p's MR values of A at
    /// <paramref name="pa"/> + p·<paramref name="lda"/> (a transposed A needs no packing; <see cref="GemmBlocking.MR"/> for
    /// a packed panel) and its NR values of B at <paramref name="pb"/> + p·<paramref name="ldb"/> (a row-major B needs no
    /// packing; <see cref="GemmBlocking.NR"/> for a packed panel); the same FMAs in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run512(int kc, float* pa, nint lda, float* pb, nint ldb, float* c, nint ldc, bool load) => Kernel512(kc, pa, lda, pb, ldb, c, ldc, load);

    /// <summary>The <see cref="GemmKernelKind.Vector512"/> tile reading a row-major A in place: row r of the tile's A at
    /// <paramref name="pa"/> + r·<paramref name="lda"/>, its k values contiguous; B as <see cref="Run512"/> reads it. The
    /// same FMAs in the same order as from packed panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run512Rows(int kc, float* pa, nint lda, float* pb, nint ldb, float* c, nint ldc, bool load) => Kernel512Rows(kc, pa, lda, pb, ldb, c, ldc, load);

    /// <summary>
    /// 8×32 AVX-512 tile: 16 zmm accumulators (8 rows × 2 vectors). Each k step loads two B vectors and broadcasts
    /// eight A values (the JIT folds them into the FMA as embedded broadcasts), giving 16 independent FMA chains:
    /// enough to cover the 4-cycle FMA latency on two FMA ports.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, float* pa, nint lda, float* pb, nint ldb, float* c, nint ldc, bool load)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + 16);
            c10 = Vector512.Load(c + ldc); c11 = Vector512.Load(c + ldc + 16);
            c20 = Vector512.Load(c + 2 * ldc); c21 = Vector512.Load(c + 2 * ldc + 16);
            c30 = Vector512.Load(c + 3 * ldc); c31 = Vector512.Load(c + 3 * ldc + 16);
            c40 = Vector512.Load(c + 4 * ldc); c41 = Vector512.Load(c + 4 * ldc + 16);
            c50 = Vector512.Load(c + 5 * ldc); c51 = Vector512.Load(c + 5 * ldc + 16);
            c60 = Vector512.Load(c + 6 * ldc); c61 = Vector512.Load(c + 6 * ldc + 16);
            c70 = Vector512.Load(c + 7 * ldc); c71 = Vector512.Load(c + 7 * ldc + 16);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector512<float>.Zero;
            c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<float>.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(pb);
            Vector512<float> b1 = Vector512.Load(pb + 16);
            Vector512<float> a = Vector512.Create(pa[0]);
            c00 = Vector512.FusedMultiplyAdd(a, b0, c00); c01 = Vector512.FusedMultiplyAdd(a, b1, c01);
            a = Vector512.Create(pa[1]);
            c10 = Vector512.FusedMultiplyAdd(a, b0, c10); c11 = Vector512.FusedMultiplyAdd(a, b1, c11);
            a = Vector512.Create(pa[2]);
            c20 = Vector512.FusedMultiplyAdd(a, b0, c20); c21 = Vector512.FusedMultiplyAdd(a, b1, c21);
            a = Vector512.Create(pa[3]);
            c30 = Vector512.FusedMultiplyAdd(a, b0, c30); c31 = Vector512.FusedMultiplyAdd(a, b1, c31);
            a = Vector512.Create(pa[4]);
            c40 = Vector512.FusedMultiplyAdd(a, b0, c40); c41 = Vector512.FusedMultiplyAdd(a, b1, c41);
            a = Vector512.Create(pa[5]);
            c50 = Vector512.FusedMultiplyAdd(a, b0, c50); c51 = Vector512.FusedMultiplyAdd(a, b1, c51);
            a = Vector512.Create(pa[6]);
            c60 = Vector512.FusedMultiplyAdd(a, b0, c60); c61 = Vector512.FusedMultiplyAdd(a, b1, c61);
            a = Vector512.Create(pa[7]);
            c70 = Vector512.FusedMultiplyAdd(a, b0, c70); c71 = Vector512.FusedMultiplyAdd(a, b1, c71);
            pa += lda;
            pb += ldb;
        }

        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
        c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16);
        c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512Rows(int kc, float* pa, nint lda, float* pb, nint ldb, float* c, nint ldc, bool load)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + 16);
            c10 = Vector512.Load(c + ldc); c11 = Vector512.Load(c + ldc + 16);
            c20 = Vector512.Load(c + 2 * ldc); c21 = Vector512.Load(c + 2 * ldc + 16);
            c30 = Vector512.Load(c + 3 * ldc); c31 = Vector512.Load(c + 3 * ldc + 16);
            c40 = Vector512.Load(c + 4 * ldc); c41 = Vector512.Load(c + 4 * ldc + 16);
            c50 = Vector512.Load(c + 5 * ldc); c51 = Vector512.Load(c + 5 * ldc + 16);
            c60 = Vector512.Load(c + 6 * ldc); c61 = Vector512.Load(c + 6 * ldc + 16);
            c70 = Vector512.Load(c + 7 * ldc); c71 = Vector512.Load(c + 7 * ldc + 16);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector512<float>.Zero;
            c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<float>.Zero;
        }

        nint a1 = lda, a2 = 2 * lda, a3 = 3 * lda, a4 = 4 * lda, a5 = 5 * lda, a6 = 6 * lda, a7 = 7 * lda;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(pb);
            Vector512<float> b1 = Vector512.Load(pb + 16);
            Vector512<float> a = Vector512.Create(pa[0]);
            c00 = Vector512.FusedMultiplyAdd(a, b0, c00); c01 = Vector512.FusedMultiplyAdd(a, b1, c01);
            a = Vector512.Create(pa[a1]);
            c10 = Vector512.FusedMultiplyAdd(a, b0, c10); c11 = Vector512.FusedMultiplyAdd(a, b1, c11);
            a = Vector512.Create(pa[a2]);
            c20 = Vector512.FusedMultiplyAdd(a, b0, c20); c21 = Vector512.FusedMultiplyAdd(a, b1, c21);
            a = Vector512.Create(pa[a3]);
            c30 = Vector512.FusedMultiplyAdd(a, b0, c30); c31 = Vector512.FusedMultiplyAdd(a, b1, c31);
            a = Vector512.Create(pa[a4]);
            c40 = Vector512.FusedMultiplyAdd(a, b0, c40); c41 = Vector512.FusedMultiplyAdd(a, b1, c41);
            a = Vector512.Create(pa[a5]);
            c50 = Vector512.FusedMultiplyAdd(a, b0, c50); c51 = Vector512.FusedMultiplyAdd(a, b1, c51);
            a = Vector512.Create(pa[a6]);
            c60 = Vector512.FusedMultiplyAdd(a, b0, c60); c61 = Vector512.FusedMultiplyAdd(a, b1, c61);
            a = Vector512.Create(pa[a7]);
            c70 = Vector512.FusedMultiplyAdd(a, b0, c70); c71 = Vector512.FusedMultiplyAdd(a, b1, c71);
            pa++;
            pb += ldb;
        }

        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
        c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16);
        c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
    }

    /// <summary>4×16 quarter of the tile with Vector256: 8 ymm accumulators + 2 B vectors + 1 broadcast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, float* pa, float* pb, float* c, nint ldc, bool load)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (load)
        {
            c00 = Vector256.Load(c); c01 = Vector256.Load(c + 8);
            c10 = Vector256.Load(c + ldc); c11 = Vector256.Load(c + ldc + 8);
            c20 = Vector256.Load(c + 2 * ldc); c21 = Vector256.Load(c + 2 * ldc + 8);
            c30 = Vector256.Load(c + 3 * ldc); c31 = Vector256.Load(c + 3 * ldc + 8);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector256<float>.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(pb);
            Vector256<float> b1 = Vector256.Load(pb + 8);
            Vector256<float> a = Vector256.Create(pa[0]);
            c00 = Vector256.FusedMultiplyAdd(a, b0, c00); c01 = Vector256.FusedMultiplyAdd(a, b1, c01);
            a = Vector256.Create(pa[1]);
            c10 = Vector256.FusedMultiplyAdd(a, b0, c10); c11 = Vector256.FusedMultiplyAdd(a, b1, c11);
            a = Vector256.Create(pa[2]);
            c20 = Vector256.FusedMultiplyAdd(a, b0, c20); c21 = Vector256.FusedMultiplyAdd(a, b1, c21);
            a = Vector256.Create(pa[3]);
            c30 = Vector256.FusedMultiplyAdd(a, b0, c30); c31 = Vector256.FusedMultiplyAdd(a, b1, c31);
            pa += MR;
            pb += NR;
        }

        c00.Store(c); c01.Store(c + 8);
        c10.Store(c + ldc); c11.Store(c + ldc + 8);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8);
    }

    /// <summary>4×8 piece of the tile with Vector128: 8 accumulators + 2 B vectors + 1 broadcast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel128(int kc, float* pa, float* pb, float* c, nint ldc, bool load)
    {
        Vector128<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (load)
        {
            c00 = Vector128.Load(c); c01 = Vector128.Load(c + 4);
            c10 = Vector128.Load(c + ldc); c11 = Vector128.Load(c + ldc + 4);
            c20 = Vector128.Load(c + 2 * ldc); c21 = Vector128.Load(c + 2 * ldc + 4);
            c30 = Vector128.Load(c + 3 * ldc); c31 = Vector128.Load(c + 3 * ldc + 4);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector128<float>.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(pb);
            Vector128<float> b1 = Vector128.Load(pb + 4);
            Vector128<float> a = Vector128.Create(pa[0]);
            c00 = Vector128.FusedMultiplyAdd(a, b0, c00); c01 = Vector128.FusedMultiplyAdd(a, b1, c01);
            a = Vector128.Create(pa[1]);
            c10 = Vector128.FusedMultiplyAdd(a, b0, c10); c11 = Vector128.FusedMultiplyAdd(a, b1, c11);
            a = Vector128.Create(pa[2]);
            c20 = Vector128.FusedMultiplyAdd(a, b0, c20); c21 = Vector128.FusedMultiplyAdd(a, b1, c21);
            a = Vector128.Create(pa[3]);
            c30 = Vector128.FusedMultiplyAdd(a, b0, c30); c31 = Vector128.FusedMultiplyAdd(a, b1, c31);
            pa += MR;
            pb += NR;
        }

        c00.Store(c); c01.Store(c + 4);
        c10.Store(c + ldc); c11.Store(c + ldc + 4);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 4);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 4);
    }

    /// <summary>Portable fallback: the same chains one element at a time.</summary>
    private static void KernelScalar(int kc, float* pa, float* pb, float* c, nint ldc, bool load)
    {
        for (int r = 0; r < MR; r++)
        {
            for (int j = 0; j < NR; j++)
            {
                float acc = load ? c[r * ldc + j] : 0f;
                for (int p = 0; p < kc; p++)
                {
                    acc = MathF.FusedMultiplyAdd(pa[p * MR + r], pb[p * NR + j], acc);
                }

                c[r * ldc + j] = acc;
            }
        }
    }
}
