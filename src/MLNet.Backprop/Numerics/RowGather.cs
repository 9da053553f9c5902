using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Copies rows picked by index out of a row-major matrix (a shuffled mini-batch out of the training data), asking the
/// memory system for the rows a few places ahead while it copies the current one.
/// </summary>
/// <remarks>
/// A shuffled batch reads rows scattered over the whole data set, so on a data set larger than the caches every row is a
/// cache miss; copied one after another, the misses wait in turn (measured: ~150 ns per 180-byte row on 65 536 rows,
/// a fifth of a small network's step). Prefetching the rows <see cref="Distance"/> ahead lets the misses overlap.
/// The copied values are the same either way; the prefetch is only a hint (none where the CPU has no such instruction).
/// </remarks>
internal static unsafe class RowGather
{
    /// <summary>How many rows ahead to prefetch: enough misses in flight to cover a memory latency.</summary>
    private const int Distance = 8;

    /// <summary>destination row b = source row rows[b], for every b; rows of <paramref name="columns"/> floats.</summary>
    public static void Copy(ReadOnlySpan<float> source, int columns, ReadOnlySpan<int> rows, Span<float> destination)
    {
        if (destination.Length < (long)rows.Length * columns)
            throw new ArgumentException($"The destination holds {destination.Length} values; {rows.Length} rows × {columns} needed.", nameof(destination));
        for (int b = 0; b < Math.Min(Distance, rows.Length); b++) Prefetch(source, columns, rows[b]);
        for (int b = 0; b < rows.Length; b++)
        {
            if (b + Distance < rows.Length) Prefetch(source, columns, rows[b + Distance]);
            source.Slice(rows[b] * columns, columns).CopyTo(destination.Slice(b * columns, columns));
        }
    }

    // Every cache line of the row (the slice checks the row index).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(ReadOnlySpan<float> source, int columns, int row)
    {
        if (!Sse.IsSupported) return;
        ReadOnlySpan<float> values = source.Slice(row * columns, columns);
        fixed (float* start = values)
        {
            byte* first = (byte*)start, last = (byte*)(start + columns - 1);
            for (byte* line = first; line <= last; line += 64) Sse.Prefetch0(line);
            Sse.Prefetch0(last);
        }
    }
}
