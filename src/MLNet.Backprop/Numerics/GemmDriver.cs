using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static MLNet.Backprop.Numerics.GemmBlocking;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// The blocked loop nest and its partition into parts run by <see cref="ParallelRunner"/>. Parts are disjoint column
/// (or row) ranges of C, aligned to the register tile; every element's arithmetic is the same whichever part, and
/// whichever thread, computes it.
/// </summary>
internal static unsafe partial class GemmDriver
{
    /// <summary>
    /// Multiply-adds one extra thread must have to be worth involving: 128 k FMAs is 1.5-3 µs of kernel time on one core,
    /// several times the hand-off to a helper that is still polling from the previous product (see
    /// <see cref="ParallelRunner"/>); smaller products stay on the calling thread. A helper that is not there in time
    /// costs nothing but the hand-off: the caller runs the parts nobody claimed.
    /// </summary>
    private const long MinWorkPerThread = 1L << 17;

    /// <summary>
    /// Column panels this narrow (an output layer with one or a few units, or the ragged end of n) go to
    /// <see cref="GemmNarrowKernel"/> instead of paying for a full 32-wide tile of padding.
    /// </summary>
    private const int NarrowColumns = 8;

    /// <summary>
    /// Parts handed out per thread. Finer parts let a thread that has the CPU take over the parts of one that was
    /// descheduled (other processes), but every part re-packs the operand it shares with the others (all of A when n
    /// is split), which costs several percent per extra part on 1024-wide layers; two was the measured compromise.
    /// </summary>
    private const int PartsPerThread = 2;

    /// <summary>How many parts to split a product into for up to <paramref name="degreeOfParallelism"/> threads.</summary>
    public static int ChooseParts(int m, int n, int k, int degreeOfParallelism)
    {
        int threads = Math.Min(degreeOfParallelism, Environment.ProcessorCount);
        if (threads <= 1) return 1;
        long work = (long)m * n * k;
        threads = (int)Math.Clamp(work / MinWorkPerThread, 1, threads);
        if (threads == 1) return 1;
        long tiles = Math.Max((m + MR - 1) / MR, (n + NR - 1) / NR);
        long parts = Math.Min(Math.Min(threads * PartsPerThread, tiles), work / (MinWorkPerThread / 2));
        return (int)Math.Max(parts, threads);
    }

    public static void Run(
        ReadOnlySpan<float> a, bool transposeA,
        ReadOnlySpan<float> b, bool transposeB,
        Span<float> c, int m, int n, int k, bool accumulate, int parts, GemmKernelKind kernel)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) c[..(m * n)].Clear();
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var args = new GemmArgs
            {
                A = pa, B = pb, C = pc, M = m, N = n, K = k,
                TransposeA = transposeA, TransposeB = transposeB, Accumulate = accumulate, Kernel = kernel,
            };

            // A column from a transposed A (the weight gradient of a one-unit output layer, Xᵀ·dz): Cᵀ = bᵀ·A is a one-row
            // product with the stored A as its row-major right operand, so it takes the small-row path without packing.
            // fma(b[p], a[p,i], acc) is the same correctly rounded operation as fma(a[p,i], b[p], acc).
            if (n == 1 && transposeA && GemmSmallRows.Applies(1, false, kernel))
            {
                GemmSmallRows.Run(pb, false, pa, pc, 1, m, k, accumulate, kernel);
                return;
            }

            if (GemmSmallRows.Applies(m, transposeB, kernel))
            {
                GemmSmallRows.Run(pa, transposeA, pb, pc, m, n, k, accumulate, kernel);
                return;
            }

            if (parts <= 1)
            {
                RunBlock(in args, 0, m, 0, n);
                return;
            }

            // Split the dimension that gives every part work and duplicates the cheaper packing: splitting n makes
            // each thread pack all of A (m×k), splitting m makes each pack all of B (k×n).
            int panelsM = (m + MR - 1) / MR;
            int panelsN = (n + NR - 1) / NR;
            args.SplitN = panelsN >= parts && (m <= n || panelsM < parts);
            args.Parts = parts;

            GemmJob job = GemmJob.ForCurrentThread();
            try
            {
                if (args.SplitN && SharesPackedA(m, k))
                {
                    // Every part would pack all of A: pack it once, each part a share of its panels, then compute.
                    args.PackedA = GemmWorkspace.ForCurrentThread().SharedA(RoundUp(m, MR) * k);
                    job.Args = args;
                    job.PackingA = true;
                    if (!ParallelRunner.TryRun(job, parts)) job.RunInline(parts);
                    job.PackingA = false;
                }
                job.Args = args;
                // Pool busy: the same parts, hence the same arithmetic, on this thread.
                if (!ParallelRunner.TryRun(job, parts)) job.RunInline(parts);
            }
            finally
            {
                job.Args = default;
                job.PackingA = false;
            }
        }
    }

    /// <summary>C[i0..i1, j0..j1] for the full k range: the Goto/BLIS nest jc → pc → ic → jr → ir.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunBlock(in GemmArgs g, int i0, int i1, int j0, int j1)
    {
        if (i0 >= i1 || j0 >= j1) return;
        int n = g.N;
        int kcMax = Math.Min(KC, g.K);
        GemmWorkspace ws = GemmWorkspace.ForCurrentThread();
        float* packA = ws.A(RoundUp(Math.Min(MC, i1 - i0), MR) * kcMax);
        float* packB = ws.B(RoundUp(Math.Min(NC, j1 - j0), NR) * kcMax);
        float* edge = stackalloc float[MR * NR];

        for (int jc = j0; jc < j1; jc += NC)
        {
            int nc = Math.Min(NC, j1 - jc);
            for (int p0 = 0; p0 < g.K; p0 += KC)
            {
                int kc = Math.Min(KC, g.K - p0);

                // After the first k block the partial sums live in C: reloading a stored float is exact, so the FMA
                // chain simply continues.
                bool load = g.Accumulate || p0 > 0;
                // A row-major B whose block is whole NR-wide panels is read in place by the 512-bit kernel (the same FMAs
                // in the same order as from a packed panel); otherwise it is packed.
                bool inPlace = g.Kernel == GemmKernelKind.Vector512 && !g.TransposeB && nc % NR == 0;
                if (!inPlace) GemmPacking.PackB(g.B, g.TransposeB, n, g.K, p0, kc, jc, nc, packB);
                nint ldb = inPlace ? n : NR;
                for (int ic = i0; ic < i1; ic += MC)
                {
                    int mc = Math.Min(MC, i1 - ic);
                    // A transposed A is read in place by the same kernel when B is (its whole MR-row panels: each k
                    // step's MR values are contiguous); only a last partial panel is packed, to the start of packA.
                    bool inPlaceA = inPlace && g.PackedA is null;
                    int wholeRows = inPlaceA ? mc - mc % MR : 0;
                    if (g.PackedA is not null) packA = SharedPanels(in g, p0, kc, ic);
                    else if (!inPlaceA) GemmPacking.PackA(g.A, g.TransposeA, g.M, g.K, ic, mc, p0, kc, packA);
                    else if (wholeRows < mc) GemmPacking.PackA(g.A, g.TransposeA, g.M, g.K, ic + wholeRows, mc - wholeRows, p0, kc, packA);
                    for (int jr = 0; jr < nc; jr += NR)
                    {
                        int cols = Math.Min(NR, nc - jr);
                        float* panelB = inPlace ? g.B + (nint)p0 * n + jc + jr : packB + (nint)jr * kc;
                        if (cols <= NarrowColumns && g.Kernel != GemmKernelKind.Scalar)
                        {
                            GemmNarrowKernel.Run(kc, packA, mc, panelB, cols, g.C + (nint)ic * n + jc + jr, n, load, g.Kernel);
                            continue;
                        }

                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int rows = Math.Min(MR, mc - ir);
                            bool aInPlace = inPlaceA && ir < wholeRows;
                            float* panelA = !aInPlace ? packA + (nint)(inPlaceA ? ir - wholeRows : ir) * kc
                                : g.TransposeA ? g.A + (nint)p0 * g.M + ic + ir : g.A + (nint)(ic + ir) * g.K + p0;
                            float* tile = g.C + (nint)(ic + ir) * n + jc + jr;
                            if (rows == MR && cols == NR)
                            {
                                if (aInPlace && !g.TransposeA) GemmMicroKernel.Run512Rows(kc, panelA, g.K, panelB, ldb, tile, n, load);
                                else if (inPlace) GemmMicroKernel.Run512(kc, panelA, aInPlace ? g.M : MR, panelB, ldb, tile, n, load);
                                else GemmMicroKernel.Run(g.Kernel, kc, panelA, panelB, tile, n, load);
                            }
                            else
                            {
                                EdgeTile(g.Kernel, kc, panelA, panelB, ldb, tile, n, rows, cols, load, edge);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// A partial tile: run the same full kernel on a scratch tile (padding lanes compute throw-away values from the
    /// zero padding) and copy back only the real elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EdgeTile(
        GemmKernelKind kernel, int kc, float* panelA, float* panelB, nint ldb, float* tile, int ldc, int rows, int cols, bool load,
        float* scratch)
    {
        if (load)
        {
            for (int r = 0; r < rows; r++)
            {
                new ReadOnlySpan<float>(tile + (nint)r * ldc, cols).CopyTo(new Span<float>(scratch + r * NR, cols));
            }
        }

        if (ldb != NR) GemmMicroKernel.Run512(kc, panelA, MR, panelB, ldb, scratch, NR, load);
        else GemmMicroKernel.Run(kernel, kc, panelA, panelB, scratch, NR, load);
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(scratch + r * NR, cols).CopyTo(new Span<float>(tile + (nint)r * ldc, cols));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>Everything one product needs, as raw pointers (pinned by the caller for the whole run).</summary>
    internal struct GemmArgs
    {
        public float* A;
        public float* B;
        public float* C;
        public int M;
        public int N;
        public int K;
        public bool TransposeA;
        public bool TransposeB;
        public bool Accumulate;
        public GemmKernelKind Kernel;
        public bool SplitN;
        public int Parts;

        /// <summary>All of A packed once for every part (see <see cref="SharedPanels"/>), or null: each part packs its own.</summary>
        public float* PackedA;
    }

    /// <summary>The reusable parallel job of one calling thread (no allocation per call).</summary>
    private sealed class GemmJob : ParallelWork
    {
        [ThreadStatic] private static GemmJob? _current;

        public GemmArgs Args;

        /// <summary>This round of parts packs A into <see cref="GemmArgs.PackedA"/> instead of multiplying.</summary>
        public bool PackingA;

        public static GemmJob ForCurrentThread() => _current ??= new GemmJob();

        protected override void RunPart(int part)
        {
            ref readonly GemmArgs g = ref Args;
            if (PackingA)
            {
                (int r0, int r1) = Range(g.M, MR, part, g.Parts);
                PackShare(in g, r0, r1);
            }
            else if (g.SplitN)
            {
                (int j0, int j1) = Range(g.N, NR, part, g.Parts);
                RunBlock(in g, 0, g.M, j0, j1);
            }
            else
            {
                (int i0, int i1) = Range(g.M, MR, part, g.Parts);
                RunBlock(in g, i0, i1, 0, g.N);
            }
        }

        /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of [0, size), in whole tiles.</summary>
        private static (int Begin, int End) Range(int size, int tile, int part, int parts) => PartOf(size, part, parts, tile);
    }

    /// <summary>Per-thread packing buffers, grown on demand and then reused: no allocation per call.</summary>
    private sealed class GemmWorkspace
    {
        [ThreadStatic] private static GemmWorkspace? _current;

        private float[] _a = [];
        private float[] _b = [];
        private float[] _sharedA = [];

        public static GemmWorkspace ForCurrentThread() => _current ??= new GemmWorkspace();

        public float* A(int floats) => Aligned(ref _a, floats);

        public float* B(int floats) => Aligned(ref _b, floats);

        /// <summary>All of a product's A, packed for the parts of a parallel call (read by the helpers too).</summary>
        public float* SharedA(int floats) => Aligned(ref _sharedA, floats);

        /// <summary>A 64-byte aligned pointer into a pinned array of at least <paramref name="floats"/> floats.</summary>
        private static float* Aligned(ref float[] buffer, int floats)
        {
            const int AlignFloats = 16;
            if (buffer.Length < floats + AlignFloats)
            {
                // Pinned (POH) so the raw pointer stays valid without a fixed scope; aligned so zmm loads never split
                // cache lines.
                buffer = GC.AllocateUninitializedArray<float>(floats + AlignFloats, pinned: true);
            }

            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
            return (float*)((address + 63) & ~(nint)63);
        }
    }
}
