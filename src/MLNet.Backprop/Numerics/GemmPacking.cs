using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static MLNet.Backprop.Numerics.GemmBlocking;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, micro-kernel-ordered layouts, so the kernel reads both with
/// unit stride whatever the transposes. Rows/columns beyond the matrix edge are padded with zeros; those lanes only
/// ever feed C elements that are discarded, so the padding never touches a real result.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs op(A)[i0..i0+mc, p0..p0+kc] as ceil(mc/MR) micro-panels, each kc×MR (<c>dst[panel*kc*MR + p*MR + r]</c>).
    /// </summary>
    /// <remarks><c>a</c> is A as stored: k×m (row stride m) when <c>transposeA</c>, else m×k (row stride k).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, bool transposeA, int m, int k, int i0, int mc, int p0, int kc, float* dst)
    {
        int ir = 0;
        if (transposeA)
        {
            // op(A)[i,p] = a[p*m + i]: each k step is a contiguous run of MR floats per panel. Four panels at a time
            // so every stored row is read as whole cache lines, once: with a power-of-two m the rows alias to a few
            // L1 sets, and reading half lines per pass made each line come from L2 twice.
            for (; ir + 4 * MR <= mc; ir += 4 * MR)
            {
                float* src = a + (nint)p0 * m + i0 + ir;
                float* panel = dst + (nint)ir * kc;
                nint panelSize = (nint)kc * MR;
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + (nint)p * m;
                    float* d = panel + p * MR;
                    Vector256.Store(Vector256.Load(s), d);
                    Vector256.Store(Vector256.Load(s + MR), d + panelSize);
                    Vector256.Store(Vector256.Load(s + 2 * MR), d + 2 * panelSize);
                    Vector256.Store(Vector256.Load(s + 3 * MR), d + 3 * panelSize);
                }
            }
        }

        for (; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            float* panel = dst + (nint)ir * kc;
            if (transposeA)
            {
                float* src = a + (nint)p0 * m + i0 + ir;
                if (rows == MR)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        Vector256.Store(Vector256.Load(src + (nint)p * m), panel + p * MR);
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* s = src + (nint)p * m;
                        float* d = panel + p * MR;
                        int r = 0;
                        for (; r < rows; r++) d[r] = s[r];
                        for (; r < MR; r++) d[r] = 0f;
                    }
                }
            }
            else
            {
                // op(A)[i,p] = a[i*k + p]: a transpose. Full panels go 8×8 blocks at a time through registers.
                float* src = a + (nint)(i0 + ir) * k + p0;
                int p8 = 0;
                if (rows == MR && Avx.IsSupported)
                {
                    for (; p8 <= kc - 8; p8 += 8) Transpose8x8(src + p8, k, panel + p8 * MR, MR);
                }

                for (int r = 0; r < rows; r++)
                {
                    float* s = src + (nint)r * k;
                    float* d = panel + r;
                    for (int p = p8; p < kc; p++) d[p * MR] = s[p];
                }

                for (int r = rows; r < MR; r++)
                {
                    for (int p = 0; p < kc; p++) panel[p * MR + r] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0..p0+kc, j0..j0+nc] as ceil(nc/NR) micro-panels, each kc×NR (<c>dst[panel*kc*NR + p*NR + c]</c>).
    /// </summary>
    /// <remarks><c>b</c> is B as stored: n×k (row stride k) when <c>transposeB</c>, else k×n (row stride n).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, bool transposeB, int n, int k, int p0, int kc, int j0, int nc, float* dst)
    {
        for (int jr = 0; jr < nc; jr += NR)
        {
            int cols = Math.Min(NR, nc - jr);
            float* panel = dst + (nint)jr * kc;
            if (!transposeB)
            {
                // op(B)[p,j] = b[p*n + j]: each k step is a contiguous run of NR floats.
                float* src = b + (nint)p0 * n + j0 + jr;
                if (cols == NR)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* s = src + (nint)p * n;
                        Vector256.Store(Vector256.Load(s), panel + p * NR);
                        Vector256.Store(Vector256.Load(s + 8), panel + p * NR + 8);
                        Vector256.Store(Vector256.Load(s + 16), panel + p * NR + 16);
                        Vector256.Store(Vector256.Load(s + 24), panel + p * NR + 24);
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* s = src + (nint)p * n;
                        float* d = panel + p * NR;
                        int j = 0;
                        for (; j < cols; j++) d[j] = s[j];
                        for (; j < NR; j++) d[j] = 0f;
                    }
                }
            }
            else
            {
                // op(B)[p,j] = b[j*k + p]: a transpose. Full panels go as four 8-column strips of 8×8 blocks.
                float* src = b + (nint)(j0 + jr) * k + p0;
                int p8 = 0;
                if (cols == NR && Avx.IsSupported)
                {
                    // Strip by strip, so only eight stored rows are streamed at a time (prefetcher friendly).
                    int full = kc & ~7;
                    for (int strip = 0; strip < NR; strip += 8)
                    {
                        for (p8 = 0; p8 < full; p8 += 8)
                        {
                            Transpose8x8(src + (nint)strip * k + p8, k, panel + p8 * NR + strip, NR);
                        }
                    }
                }

                for (int j = 0; j < cols; j++)
                {
                    float* s = src + (nint)j * k;
                    float* d = panel + j;
                    for (int p = p8; p < kc; p++) d[p * NR] = s[p];
                }

                for (int j = cols; j < NR; j++)
                {
                    for (int p = 0; p < kc; p++) panel[p * NR + j] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// dst[c*dstStride + r] = src[r*srcStride + c] for an 8×8 block: eight row loads, three shuffle stages (pairs,
    /// quads, 128-bit halves) and eight row stores, instead of 64 scalar moves with strided writes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src);
        Vector256<float> r1 = Avx.LoadVector256(src + srcStride);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * srcStride);
        Vector256<float> r3 = Avx.LoadVector256(src + 3 * srcStride);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * srcStride);
        Vector256<float> r5 = Avx.LoadVector256(src + 5 * srcStride);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * srcStride);
        Vector256<float> r7 = Avx.LoadVector256(src + 7 * srcStride);

        // Interleave row pairs: t0 = r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5], ...
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        // Combine pairs into quads: u0 = column 0 of rows 0-3 | column 4 of rows 0-3, ...
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        // Join the 128-bit halves of rows 0-3 and rows 4-7.
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
