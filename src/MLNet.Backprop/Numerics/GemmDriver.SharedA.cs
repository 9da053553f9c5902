using System.Runtime.CompilerServices;
using static MLNet.Backprop.Numerics.GemmBlocking;

namespace MLNet.Backprop.Numerics;

// A packed once for all the parts of a parallel product that splits n: otherwise every part packs the whole of A, which
// on a 256 × 1024 layer input with four parts is three extra passes over a megabyte per product. Packing is a copy, so
// the kernels read the same values and every element's arithmetic is unchanged.
internal static unsafe partial class GemmDriver
{
    /// <summary>Values of A below which each part packing its own copy costs less than the extra hand-off.</summary>
    private const long MinSharedA = 1L << 15;

    private static bool SharesPackedA(int m, int k) => (long)m * k >= MinSharedA;

    /// <summary>
    /// Where rows ic.. of k block p0 sit in <see cref="GemmArgs.PackedA"/>: the k blocks one after another (each
    /// RoundUp(M, MR) × kc floats, every block but the last KC deep), each in <see cref="GemmPacking.PackA"/>'s layout of
    /// MR-row panels, so rows ic.. start at ic × kc.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* SharedPanels(in GemmArgs g, int p0, int kc, int ic) =>
        g.PackedA + (nint)p0 * RoundUp(g.M, MR) + (nint)ic * kc;

    /// <summary>Packs rows r0..r1 (whole panels) of A for every k block into <see cref="GemmArgs.PackedA"/>.</summary>
    private static void PackShare(in GemmArgs g, int r0, int r1)
    {
        if (r0 >= r1) return;
        for (int p0 = 0; p0 < g.K; p0 += KC)
        {
            int kc = Math.Min(KC, g.K - p0);
            GemmPacking.PackA(g.A, g.TransposeA, g.M, g.K, r0, r1 - r0, p0, kc, SharedPanels(in g, p0, kc, r0));
        }
    }
}
