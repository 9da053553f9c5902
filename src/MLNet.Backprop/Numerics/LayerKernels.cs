using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// The element-wise passes over a row-major batch (rows × n) that every layer shares: adding the bias, summing the
/// columns (the bias gradient), and marking the columns that were positive somewhere (the dead-unit scan).
/// </summary>
/// <remarks>
/// <para>Written once over <see cref="ILane{TSelf}"/>: the widest accelerated lanes first, then narrower ones, then the
/// scalar tail, and each element goes through the same single IEEE-754 operation in every path, so the result does not
/// depend on the vector width. Column sums add the rows in increasing row order, exactly like adding row vectors one
/// after the other. Activation-specific fused passes live with their activation (e.g. <c>ReluFunction</c>).</para>
/// <para>Rows are walked by reference and the lane loops are inlined into the row loop: on the narrow layers of tabular
/// networks a span slice or a call per row and lane width costs more than the row's arithmetic.</para>
/// </remarks>
internal static class LayerKernels
{
    /// <summary>z[r, j] += bias[j] for every row.</summary>
    public static void AddBias(Span<float> z, ReadOnlySpan<float> bias, int rows, int n)
    {
        Check(z.Length, rows, n, bias.Length);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float zr = ref MemoryMarshal.GetReference(z);
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref zr, r * n);
            nuint j = 0;
            if (Lanes.Use512) j = Add<Vector512Lane>(j, ref row, ref b, n);
            if (Lanes.Use256) j = Add<Vector256Lane>(j, ref row, ref b, n);
            if (Lanes.Use128) j = Add<Vector128Lane>(j, ref row, ref b, n);
            Add<ScalarLane>(j, ref row, ref b, n);
        }
    }

    /// <summary>sums[j] = Σ_r m[r, j], summed in increasing r (row 0 is copied, then each row added).</summary>
    public static void ColumnSums(ReadOnlySpan<float> m, Span<float> sums, int rows, int n)
    {
        Check(m.Length, rows, n, sums.Length);
        if (rows == 0) return;
        m.Slice(0, n).CopyTo(sums);
        ref float s = ref MemoryMarshal.GetReference(sums);
        ref float mr = ref MemoryMarshal.GetReference(m);
        for (int r = 1; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref mr, r * n);
            nuint j = 0;
            if (Lanes.Use512) j = Add<Vector512Lane>(j, ref s, ref row, n);
            if (Lanes.Use256) j = Add<Vector256Lane>(j, ref s, ref row, n);
            if (Lanes.Use128) j = Add<Vector128Lane>(j, ref s, ref row, n);
            Add<ScalarLane>(j, ref s, ref row, n);
        }
    }

    /// <summary>flags[j] becomes 1 (and stays so) when some z[r, j] &gt; 0: the units active in this batch. Flags are 0 or 1.</summary>
    public static void MarkPositiveColumns(ReadOnlySpan<float> z, Span<float> flags, int rows, int n)
    {
        Check(z.Length, rows, n, flags.Length);
        ref float f = ref MemoryMarshal.GetReference(flags);
        ref float zr = ref MemoryMarshal.GetReference(z);
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref zr, r * n);
            nuint j = 0;
            if (Lanes.Use512) j = MarkPositive<Vector512Lane>(j, ref row, ref f, n);
            if (Lanes.Use256) j = MarkPositive<Vector256Lane>(j, ref row, ref f, n);
            if (Lanes.Use128) j = MarkPositive<Vector128Lane>(j, ref row, ref f, n);
            MarkPositive<ScalarLane>(j, ref row, ref f, n);
        }
    }

    /// <summary>Bounds for the unchecked lane loads: a kernel touches rows × n values of the batch and n of the vector.</summary>
    public static void Check(int length, int rows, int n, int vectorLength)
    {
        if (rows < 0 || n < 0 || length < (long)rows * n || vectorLength < n)
            throw new ArgumentException($"A buffer is too short for {rows} × {n} values (has {length}, vector {vectorLength}).");
    }

    // target[j] += addend[j] over whole lanes from j up to n; returns where the lanes stopped.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Add<TLane>(nuint j, ref float target, ref float addend, int n) where TLane : struct, ILane<TLane>
    {
        for (; (int)j <= n - TLane.Count; j += (nuint)TLane.Count) (TLane.Load(ref target, j) + TLane.Load(ref addend, j)).Store(ref target, j);
        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint MarkPositive<TLane>(nuint j, ref float row, ref float flags, int n) where TLane : struct, ILane<TLane>
    {
        TLane zero = TLane.Broadcast(0f), one = TLane.Broadcast(1f);
        for (; (int)j <= n - TLane.Count; j += (nuint)TLane.Count)
            TLane.Max(TLane.Load(ref flags, j), TLane.Select(TLane.GreaterThan(TLane.Load(ref row, j), zero), one, zero)).Store(ref flags, j);
        return j;
    }
}
