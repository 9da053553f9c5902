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
/// </remarks>
internal static class LayerKernels
{
    /// <summary>z[r, j] += bias[j] for every row.</summary>
    public static void AddBias(Span<float> z, ReadOnlySpan<float> bias, int rows, int n)
    {
        Check(z.Length, rows, n, bias.Length);
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = z.Slice(r * n, n);
            int j = 0;
            if (Lanes.Use512) j = AddBias<Vector512Lane>(j, row, bias);
            if (Lanes.Use256) j = AddBias<Vector256Lane>(j, row, bias);
            if (Lanes.Use128) j = AddBias<Vector128Lane>(j, row, bias);
            AddBias<ScalarLane>(j, row, bias);
        }
    }

    /// <summary>sums[j] = Σ_r m[r, j], summed in increasing r (row 0 is copied, then each row added).</summary>
    public static void ColumnSums(ReadOnlySpan<float> m, Span<float> sums, int rows, int n)
    {
        Check(m.Length, rows, n, sums.Length);
        if (rows == 0) return;
        Span<float> target = sums.Slice(0, n);
        m.Slice(0, n).CopyTo(target);
        for (int r = 1; r < rows; r++)
        {
            ReadOnlySpan<float> row = m.Slice(r * n, n);
            int j = 0;
            if (Lanes.Use512) j = AddBias<Vector512Lane>(j, target, row);
            if (Lanes.Use256) j = AddBias<Vector256Lane>(j, target, row);
            if (Lanes.Use128) j = AddBias<Vector128Lane>(j, target, row);
            AddBias<ScalarLane>(j, target, row);
        }
    }

    /// <summary>flags[j] becomes 1 (and stays so) when some z[r, j] &gt; 0: the units active in this batch. Flags are 0 or 1.</summary>
    public static void MarkPositiveColumns(ReadOnlySpan<float> z, Span<float> flags, int rows, int n)
    {
        Check(z.Length, rows, n, flags.Length);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = z.Slice(r * n, n);
            int j = 0;
            if (Lanes.Use512) j = MarkPositive<Vector512Lane>(j, row, flags);
            if (Lanes.Use256) j = MarkPositive<Vector256Lane>(j, row, flags);
            if (Lanes.Use128) j = MarkPositive<Vector128Lane>(j, row, flags);
            MarkPositive<ScalarLane>(j, row, flags);
        }
    }

    /// <summary>Bounds for the unchecked lane loads: a kernel touches rows × n values of the batch and n of the vector.</summary>
    public static void Check(int length, int rows, int n, int vectorLength)
    {
        if (rows < 0 || n < 0 || length < (long)rows * n || vectorLength < n)
            throw new ArgumentException($"A buffer is too short for {rows} × {n} values (has {length}, vector {vectorLength}).");
    }

    // target[j] += addend[j] over whole lanes from j; returns where the lanes stopped.
    private static int AddBias<TLane>(int j, Span<float> target, ReadOnlySpan<float> addend) where TLane : struct, ILane<TLane>
    {
        for (; j <= target.Length - TLane.Count; j += TLane.Count) (TLane.Load(target, j) + TLane.Load(addend, j)).Store(target, j);
        return j;
    }

    private static int MarkPositive<TLane>(int j, ReadOnlySpan<float> row, Span<float> flags) where TLane : struct, ILane<TLane>
    {
        TLane zero = TLane.Broadcast(0f), one = TLane.Broadcast(1f);
        for (; j <= row.Length - TLane.Count; j += TLane.Count)
            TLane.Max(TLane.Load(flags, j), TLane.Select(TLane.GreaterThan(TLane.Load(row, j), zero), one, zero)).Store(flags, j);
        return j;
    }
}
