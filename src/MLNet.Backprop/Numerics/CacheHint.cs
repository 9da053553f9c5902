using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Asks the memory system for a run of floats before it is used: loops that visit rows scattered over a large matrix (a
/// shuffled batch's rows, a sparse batch's rows of W and of the optimizer's state) issue it a few rows ahead, so that the
/// cache misses overlap instead of waiting in turn. Only a hint: the values are the same either way, and nothing is
/// issued where the CPU has no such instruction.
/// </summary>
internal static unsafe class CacheHint
{
    /// <summary>Every cache line of <paramref name="values"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(ReadOnlySpan<float> values)
    {
        if (!Sse.IsSupported || values.IsEmpty) return;
        fixed (float* start = values)
        {
            byte* first = (byte*)start, last = (byte*)(start + values.Length - 1);
            for (byte* line = first; line <= last; line += 64) Sse.Prefetch0(line);
            Sse.Prefetch0(last);
        }
    }
}
