using System.Runtime.InteropServices;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Float arrays large enough that visiting their rows at random misses the TLB on 4 KB pages (a sparse first layer's W
/// and its optimizer state: 2²⁰ rows × 64 units = 256 MB = 65,536 pages), allocated so that Linux backs them with 2 MB
/// pages (transparent huge pages, <c>madvise(MADV_HUGEPAGE)</c>; most distributions enable them only where asked, as
/// this machine does). Measured on random 256-byte row gathers and read-modify-writes: 1.1–1.5× faster (docs:
/// src/docs/articles/sparse-inputs.md, "Memory and speed").
/// </summary>
/// <remarks>
/// <para>The arrays stay ordinary zeroed <c>float[]</c>s (pinned, so the advised range never moves): the advice only
/// changes which pages hold them, never a value, and the GC frees them as any array. Elsewhere than Linux, below
/// <see cref="MinBytes"/>, or when the call is refused or missing, the array is a plain one.</para>
/// <para>Only whole 2 MB pages inside the array are advised (at most 4 MB of a large array stays on small pages).</para>
/// </remarks>
internal static partial class HugePages
{
    /// <summary>Arrays of at least this many bytes are advised; <see cref="Defaults.HugePageBytes"/> unless a test or a
    /// side-by-side measurement sets it (<see cref="long.MaxValue"/>: never).</summary>
    internal static long MinBytes { get; set; } = Defaults.HugePageBytes;

    private const long PageBytes = 2L << 20;
    private const int AdviceHugePage = 14, AdviceCollapse = 25; // MADV_HUGEPAGE, MADV_COLLAPSE (Linux 6.1+)
    private static volatile bool s_unavailable;

    /// <summary>A zeroed array of <paramref name="length"/> floats, on 2 MB pages where the system grants them.</summary>
    public static float[] Floats(int length)
    {
        if ((long)length * sizeof(float) < MinBytes || s_unavailable || !OperatingSystem.IsLinux()) return new float[length];
        // Uninitialized, then advised, then cleared: the pages are first touched after the advice, so they fault in as huge
        // ones; a range the GC had already used is collapsed in place where the kernel can.
        var array = GC.AllocateUninitializedArray<float>(length, pinned: true);
        var (start, bytes) = WholePages(array);
        bool advised = bytes > 0 && Advise(start, bytes, AdviceHugePage);
        Array.Clear(array);
        if (advised) Advise(start, bytes, AdviceCollapse);
        return array;
    }

    private static unsafe (nint Start, nuint Bytes) WholePages(float[] array)
    {
        fixed (float* first = array) // pinned: the address stays valid after the fixed block
        {
            long start = ((long)first + PageBytes - 1) & ~(PageBytes - 1), end = (long)(first + array.Length) & ~(PageBytes - 1);
            return end > start ? ((nint)start, (nuint)(end - start)) : (0, 0);
        }
    }

    /// <summary>The advice, true if granted; a missing C library or entry point turns the advice off for the process.</summary>
    private static bool Advise(nint start, nuint bytes, int advice)
    {
        try
        {
            return Madvise(start, bytes, advice) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
