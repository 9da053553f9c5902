using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Adds a row of floats into per-column running sums and sums of squares in double precision (the data summary's
/// feature means and spreads): sums[c] += x[c] and squares[c] += x[c]·x[c], the product rounded before the addition.
/// </summary>
/// <remarks>
/// Double precision does not fit the float lanes of <see cref="ILane{TSelf}"/>, so this pass uses Vector512/Vector256
/// of doubles directly; every element goes through the same three correctly rounded double operations (the widening is
/// exact) in the vector body and the scalar tail, so the sums do not depend on the vector width. It replaced a scalar
/// loop that took ~1.5 ns per value, most of the data summary's share of a <c>Fit</c>'s setup.
/// </remarks>
internal static class ColumnMoments
{
    public static void Add(ReadOnlySpan<float> row, Span<double> sums, Span<double> squares)
    {
        int n = row.Length;
        if (sums.Length < n || squares.Length < n) throw new ArgumentException($"The sums hold {Math.Min(sums.Length, squares.Length)} columns; {n} needed.");
        ref float x = ref MemoryMarshal.GetReference(row);
        ref double s = ref MemoryMarshal.GetReference(sums), q = ref MemoryMarshal.GetReference(squares);
        nuint c = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; (int)c <= n - 8; c += 8) Add8(Vector512.WidenLower(Vector512.Create(Vector256.LoadUnsafe(ref x, c), Vector256<float>.Zero)), ref s, ref q, c);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; (int)c <= n - 4; c += 4) Add4(Vector256.WidenLower(Vector256.Create(Vector128.LoadUnsafe(ref x, c), Vector128<float>.Zero)), ref s, ref q, c);
        }
        for (; (int)c < n; c++)
        {
            double v = Unsafe.Add(ref x, c);
            Unsafe.Add(ref s, c) += v;
            Unsafe.Add(ref q, c) += v * v;
        }
    }

    /// <summary>counts[c] += 1 for every non-zero x[c]; returns the row's non-zero count (the data summary's density and
    /// each column's share of non-zeros, which the sparse path's scale report reads).</summary>
    public static int CountNonZeros(ReadOnlySpan<float> row, Span<int> counts)
    {
        int n = row.Length, total = 0;
        if (counts.Length < n) throw new ArgumentException($"The counts hold {counts.Length} columns; {n} needed.");
        ref float x = ref MemoryMarshal.GetReference(row);
        ref int k = ref MemoryMarshal.GetReference(counts);
        nuint c = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; (int)c <= n - 8; c += 8)
            {
                // A zero lane compares all ones (−1): 1 + (−1) adds nothing there, 1 elsewhere (NaN included).
                var zero = Vector256.Equals(Vector256.LoadUnsafe(ref x, c), Vector256<float>.Zero);
                (Vector256.LoadUnsafe(ref k, c) + Vector256<int>.One + zero.AsInt32()).StoreUnsafe(ref k, c);
                total += 8 - System.Numerics.BitOperations.PopCount(zero.ExtractMostSignificantBits());
            }
        }
        for (; (int)c < n; c++)
        {
            if (Unsafe.Add(ref x, c) == 0f) continue;
            Unsafe.Add(ref k, c) += 1;
            total++;
        }
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add8(Vector512<double> v, ref double s, ref double q, nuint c)
    {
        (Vector512.LoadUnsafe(ref s, c) + v).StoreUnsafe(ref s, c);
        (Vector512.LoadUnsafe(ref q, c) + v * v).StoreUnsafe(ref q, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add4(Vector256<double> v, ref double s, ref double q, nuint c)
    {
        (Vector256.LoadUnsafe(ref s, c) + v).StoreUnsafe(ref s, c);
        (Vector256.LoadUnsafe(ref q, c) + v * v).StoreUnsafe(ref q, c);
    }
}
