namespace MLNet.Backprop.Numerics;

/// <summary>
/// Register and cache blocking sizes of the packed GEMM (Goto/BLIS loop nest: jc over NC, pc over KC, ic over MC,
/// jr over NR, ir over MR).
/// </summary>
/// <remarks>
/// None of these sizes affects the arithmetic (each C element is still one FMA chain in k order, stored and reloaded
/// exactly between KC blocks); they only decide which data sits in which cache level. Tuned for a core with 48 KiB
/// L1d and 2 MiB L2 (Sapphire/Emerald Rapids) and still sensible on smaller caches.
/// </remarks>
internal static class GemmBlocking
{
    /// <summary>Rows of the register tile. 8 rows × 2 zmm = 16 accumulators, plus 2 B vectors and one broadcast A
    /// value: 19 of the 32 zmm registers, so the JIT never spills. Per k step: 2 B loads and 8 embedded broadcasts
    /// feed 16 FMAs, which keeps the load ports below the FMA ports. 8 also divides every batch size we care about,
    /// so forward/backward tiles are rarely partial.</summary>
    public const int MR = 8;

    /// <summary>Columns of the register tile: two 16-float zmm vectors (one cache line each).</summary>
    public const int NR = 32;

    /// <summary>Depth of a packed block. The B micro-panel (KC×NR floats = 32 KiB) stays in L1 while the A micro-panels
    /// (KC×MR = 8 KiB) stream past it from L2; long enough to amortise loading/storing the C tile.</summary>
    public const int KC = 256;

    /// <summary>Rows of the packed A block: MC×KC floats = 192 KiB, comfortably inside L2 next to the B block.</summary>
    public const int MC = 192;

    /// <summary>Columns of the packed B block: KC×NC floats = 1 MiB (L2/L3).</summary>
    public const int NC = 1024;
}
