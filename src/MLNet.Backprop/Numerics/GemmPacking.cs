using System.Runtime.Intrinsics;
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
    public static void PackA(float* a, bool transposeA, int m, int k, int i0, int mc, int p0, int kc, float* dst)
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            float* panel = dst + (nint)ir * kc;
            if (transposeA)
            {
                // op(A)[i,p] = a[p*m + i]: each k step is a contiguous run of MR floats.
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
                // op(A)[i,p] = a[i*k + p]: read each row contiguously, write with stride MR (a small transpose).
                float* src = a + (nint)(i0 + ir) * k + p0;
                for (int r = 0; r < rows; r++)
                {
                    float* s = src + (nint)r * k;
                    float* d = panel + r;
                    for (int p = 0; p < kc; p++) d[p * MR] = s[p];
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
                // op(B)[p,j] = b[j*k + p]: read each stored row contiguously, write with stride NR.
                float* src = b + (nint)(j0 + jr) * k + p0;
                for (int j = 0; j < cols; j++)
                {
                    float* s = src + (nint)j * k;
                    float* d = panel + j;
                    for (int p = 0; p < kc; p++) d[p * NR] = s[p];
                }

                for (int j = cols; j < NR; j++)
                {
                    for (int p = 0; p < kc; p++) panel[p * NR + j] = 0f;
                }
            }
        }
    }
}
