using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static MLNet.Backprop.Numerics.GemmBlocking;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Kernel for column panels with only a few real columns (n = 1 output layers, small class counts, ragged ends):
/// one output column at a time, vectorised down the rows of the packed A panels, so no work is spent on padding.
/// </summary>
/// <remarks>
/// Same arithmetic as every other kernel: each element is <c>acc = fma(a[i,p], b[p,j], acc)</c> in increasing p.
/// A packed A micro-panel holds, at step p, the MR = 8 rows' values contiguously, which is exactly one Vector256 (two
/// Vector128 halves with the 128-bit kernel); four panels are processed together so four (eight) independent FMA chains
/// hide the FMA latency.
/// </remarks>
internal static unsafe class GemmNarrowKernel
{
    private const int Group = 4;

    /// <summary>
    /// C[0..mc, 0..cols] (row stride <paramref name="ldc"/>) from the packed A block (<paramref name="mc"/> rows) and
    /// one packed B micro-panel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* packA, int mc, float* panelB, int cols, float* c, nint ldc, bool load, GemmKernelKind kernel)
    {
        bool narrow = kernel == GemmKernelKind.Vector128;
        float* column = stackalloc float[Group * MR];
        nint panelSize = (nint)kc * MR;
        for (int j = 0; j < cols; j++)
        {
            int ir = 0;
            for (; ir + Group * MR <= mc; ir += Group * MR)
            {
                Gather(c + (nint)ir * ldc + j, ldc, Group * MR, load, column);
                if (narrow) Kernel4Halves(kc, packA + ir * (nint)kc, panelSize, panelB + j, column);
                else Kernel4(kc, packA + ir * (nint)kc, panelSize, panelB + j, column);
                Scatter(column, Group * MR, c + (nint)ir * ldc + j, ldc);
            }

            for (; ir < mc; ir += MR)
            {
                int rows = Math.Min(MR, mc - ir);
                Gather(c + (nint)ir * ldc + j, ldc, rows, load, column);
                if (narrow) Kernel1Halves(kc, packA + ir * (nint)kc, panelB + j, column);
                else Kernel1(kc, packA + ir * (nint)kc, panelB + j, column);
                Scatter(column, rows, c + (nint)ir * ldc + j, ldc);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather(float* c, nint ldc, int rows, bool load, float* column)
    {
        for (int r = 0; r < rows; r++) column[r] = load ? c[r * ldc] : 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scatter(float* column, int rows, float* c, nint ldc)
    {
        for (int r = 0; r < rows; r++) c[r * ldc] = column[r];
    }

    /// <summary>Four consecutive 8-row panels, one column: four independent chains of 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4(int kc, float* pa, nint panelSize, float* pb, float* column)
    {
        Vector256<float> c0 = Vector256.Load(column);
        Vector256<float> c1 = Vector256.Load(column + MR);
        Vector256<float> c2 = Vector256.Load(column + 2 * MR);
        Vector256<float> c3 = Vector256.Load(column + 3 * MR);
        float* pa1 = pa + panelSize, pa2 = pa + 2 * panelSize, pa3 = pa + 3 * panelSize;
        for (nint p = 0; p < kc; p++)
        {
            Vector256<float> b = Vector256.Create(pb[p * NR]);
            nint offset = p * MR;
            c0 = Vector256.FusedMultiplyAdd(Vector256.Load(pa + offset), b, c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.Load(pa1 + offset), b, c1);
            c2 = Vector256.FusedMultiplyAdd(Vector256.Load(pa2 + offset), b, c2);
            c3 = Vector256.FusedMultiplyAdd(Vector256.Load(pa3 + offset), b, c3);
        }

        c0.Store(column);
        c1.Store(column + MR);
        c2.Store(column + 2 * MR);
        c3.Store(column + 3 * MR);
    }

    /// <summary>One 8-row panel (possibly zero-padded), one column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1(int kc, float* pa, float* pb, float* column)
    {
        Vector256<float> c0 = Vector256.Load(column);
        for (nint p = 0; p < kc; p++)
        {
            c0 = Vector256.FusedMultiplyAdd(Vector256.Load(pa + p * MR), Vector256.Create(pb[p * NR]), c0);
        }

        c0.Store(column);
    }

    /// <summary><see cref="Kernel4"/> with each 8-row panel as two Vector128 halves: eight independent chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4Halves(int kc, float* pa, nint panelSize, float* pb, float* column)
    {
        Vector128<float> c0 = Vector128.Load(column), c0h = Vector128.Load(column + 4);
        Vector128<float> c1 = Vector128.Load(column + MR), c1h = Vector128.Load(column + MR + 4);
        Vector128<float> c2 = Vector128.Load(column + 2 * MR), c2h = Vector128.Load(column + 2 * MR + 4);
        Vector128<float> c3 = Vector128.Load(column + 3 * MR), c3h = Vector128.Load(column + 3 * MR + 4);
        float* pa1 = pa + panelSize, pa2 = pa + 2 * panelSize, pa3 = pa + 3 * panelSize;
        for (nint p = 0; p < kc; p++)
        {
            Vector128<float> b = Vector128.Create(pb[p * NR]);
            nint offset = p * MR;
            c0 = Vector128.FusedMultiplyAdd(Vector128.Load(pa + offset), b, c0);
            c0h = Vector128.FusedMultiplyAdd(Vector128.Load(pa + offset + 4), b, c0h);
            c1 = Vector128.FusedMultiplyAdd(Vector128.Load(pa1 + offset), b, c1);
            c1h = Vector128.FusedMultiplyAdd(Vector128.Load(pa1 + offset + 4), b, c1h);
            c2 = Vector128.FusedMultiplyAdd(Vector128.Load(pa2 + offset), b, c2);
            c2h = Vector128.FusedMultiplyAdd(Vector128.Load(pa2 + offset + 4), b, c2h);
            c3 = Vector128.FusedMultiplyAdd(Vector128.Load(pa3 + offset), b, c3);
            c3h = Vector128.FusedMultiplyAdd(Vector128.Load(pa3 + offset + 4), b, c3h);
        }

        c0.Store(column); c0h.Store(column + 4);
        c1.Store(column + MR); c1h.Store(column + MR + 4);
        c2.Store(column + 2 * MR); c2h.Store(column + 2 * MR + 4);
        c3.Store(column + 3 * MR); c3h.Store(column + 3 * MR + 4);
    }

    /// <summary><see cref="Kernel1"/> as two Vector128 halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1Halves(int kc, float* pa, float* pb, float* column)
    {
        Vector128<float> c0 = Vector128.Load(column), c0h = Vector128.Load(column + 4);
        for (nint p = 0; p < kc; p++)
        {
            Vector128<float> b = Vector128.Create(pb[p * NR]);
            c0 = Vector128.FusedMultiplyAdd(Vector128.Load(pa + p * MR), b, c0);
            c0h = Vector128.FusedMultiplyAdd(Vector128.Load(pa + p * MR + 4), b, c0h);
        }

        c0.Store(column); c0h.Store(column + 4);
    }
}
