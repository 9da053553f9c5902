namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// Read-only rows of input as the input stage consumes them, without owning them: a training batch
/// (<see cref="InputBatch.View"/>), a chunk of rows in memory, or the one row being scored (a view of the feature
/// column's own buffer, nothing copied).
/// </summary>
/// <remarks>The dense block is rows × <see cref="InputShape.DenseWidth"/>, row-major. The sparse block is CSR: row r's
/// slots are <c>SparseIndices[SparseOffsets[r]..SparseOffsets[r + 1]]</c> with their values at the same positions
/// (offsets index the whole index and value spans, so a slice keeps them). Keys are rows × key columns, each a 0-based
/// key index.</remarks>
internal readonly ref struct InputView
{
    public InputView(int rows, ReadOnlySpan<float> dense, ReadOnlySpan<int> sparseOffsets = default, ReadOnlySpan<int> sparseIndices = default,
        ReadOnlySpan<float> sparseValues = default, ReadOnlySpan<int> keys = default)
    {
        Rows = rows;
        Dense = dense;
        SparseOffsets = sparseOffsets;
        SparseIndices = sparseIndices;
        SparseValues = sparseValues;
        Keys = keys;
    }

    /// <summary>Rows of one dense block, nothing else.</summary>
    public static InputView OfDense(ReadOnlySpan<float> dense, int rows) => new(rows, dense);

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>The dense block, rows × dense width.</summary>
    public ReadOnlySpan<float> Dense { get; }

    /// <summary>Rows + 1 positions into <see cref="SparseIndices"/> and <see cref="SparseValues"/>; empty without a sparse block.</summary>
    public ReadOnlySpan<int> SparseOffsets { get; }

    /// <summary>The sparse block's slots, each row's in increasing order.</summary>
    public ReadOnlySpan<int> SparseIndices { get; }

    /// <summary>The sparse block's values, at the positions of their slots.</summary>
    public ReadOnlySpan<float> SparseValues { get; }

    /// <summary>Rows × key columns 0-based key indices; empty without categorical columns.</summary>
    public ReadOnlySpan<int> Keys { get; }

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 of a view of
    /// <paramref name="shape"/>.</summary>
    public InputView Slice(InputShape shape, int start, int count) => new(count,
        Dense.IsEmpty ? Dense : Dense.Slice(start * shape.DenseWidth, count * shape.DenseWidth),
        SparseOffsets.IsEmpty ? SparseOffsets : SparseOffsets.Slice(start, count + 1), SparseIndices, SparseValues,
        Keys.IsEmpty ? Keys : Keys.Slice(start * shape.KeyColumns, count * shape.KeyColumns));
}
