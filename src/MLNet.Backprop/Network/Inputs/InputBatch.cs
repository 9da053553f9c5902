namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// The buffers of one mini-batch's input, sized once for a maximum number of rows and reused every step (a step
/// allocates nothing): the dense block, and the sparse and key parts when the shape has them. Batch sources fill it;
/// the input stage reads it through <see cref="View"/>.
/// </summary>
internal sealed class InputBatch
{
    public InputBatch(InputShape shape, int capacity)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A batch holds at least one row.");
        Shape = shape;
        Capacity = capacity;
        Dense = new float[(long)capacity * shape.DenseWidth];
        SparseOffsets = shape.SparseWidth > 0 ? new int[capacity + 1] : [];
        Keys = new int[(long)capacity * shape.KeyColumns];
    }

    public InputShape Shape { get; }

    /// <summary>Most rows the batch holds.</summary>
    public int Capacity { get; }

    /// <summary>Capacity × dense width values, row-major.</summary>
    public float[] Dense { get; }

    /// <summary>Capacity + 1 positions into <see cref="SparseIndices"/>/<see cref="SparseValues"/> (empty without a sparse block).</summary>
    public int[] SparseOffsets { get; }

    /// <summary>The sparse block's slots; grown by <see cref="EnsureSparse"/> (never shrunk, so steps stop allocating).</summary>
    public int[] SparseIndices { get; private set; } = [];

    /// <summary>The sparse block's values, beside their slots.</summary>
    public float[] SparseValues { get; private set; } = [];

    /// <summary>Capacity × key columns key indices.</summary>
    public int[] Keys { get; }

    /// <summary>Makes room for <paramref name="count"/> sparse entries, keeping the first <paramref name="keep"/>.</summary>
    public void EnsureSparse(int count, int keep)
    {
        if (count <= SparseIndices.Length) return;
        int size = (int)Math.Min(Array.MaxLength, Math.Max(count, 2L * SparseIndices.Length));
        var indices = new int[size];
        var values = new float[size];
        SparseIndices.AsSpan(0, keep).CopyTo(indices);
        SparseValues.AsSpan(0, keep).CopyTo(values);
        SparseIndices = indices;
        SparseValues = values;
    }

    /// <summary>Row <paramref name="row"/> = row <paramref name="from"/> of <paramref name="source"/> (a batch of the same
    /// shape): its dense values, its sparse entries and its keys. Sparse rows are appended: fill rows in increasing order.</summary>
    public void CopyRow(InputBatch source, int from, int row)
    {
        int width = Shape.DenseWidth;
        if (width > 0) source.Dense.AsSpan(from * width, width).CopyTo(Dense.AsSpan(row * width));
        if (Shape.SparseWidth > 0)
        {
            int start = source.SparseOffsets[from], count = source.SparseOffsets[from + 1] - start, at = SparseOffsets[row];
            EnsureSparse(at + count, keep: at);
            source.SparseIndices.AsSpan(start, count).CopyTo(SparseIndices.AsSpan(at));
            source.SparseValues.AsSpan(start, count).CopyTo(SparseValues.AsSpan(at));
            SparseOffsets[row + 1] = at + count;
        }
        int keys = Shape.KeyColumns;
        if (keys > 0) source.Keys.AsSpan(from * keys, keys).CopyTo(Keys.AsSpan(row * keys));
    }

    /// <summary>The first <paramref name="rows"/> rows.</summary>
    public InputView View(int rows)
    {
        if (rows < 0 || rows > Capacity) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"The batch holds 0 to {Capacity} rows.");
        var offsets = SparseOffsets.Length == 0 ? ReadOnlySpan<int>.Empty : SparseOffsets.AsSpan(0, rows + 1);
        int entries = offsets.IsEmpty ? 0 : offsets[rows];
        return new InputView(rows, Dense.AsSpan(0, rows * Shape.DenseWidth), offsets, SparseIndices.AsSpan(0, entries), SparseValues.AsSpan(0, entries),
            Keys.AsSpan(0, rows * Shape.KeyColumns));
    }
}
