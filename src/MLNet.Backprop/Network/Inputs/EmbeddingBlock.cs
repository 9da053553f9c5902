using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// Adjacent embedding tables of the input stage, with a narrow dense block just before them if there is one, multiplied
/// as one block: the features and the gathered vectors side by side, G = [X | G₁ | G₂ | …] (rows × Σ widths), enter the
/// first layer as one product G·W_block, and backward as one Gᵀ·δ and one δ·W_blockᵀ, where each part alone would make
/// two or three products of its own (a width of 1–16 against a batch of rows: far too small to pay for a GEMM's
/// packing, so a recommendation model's handful of narrow tables spent most of its step there).
/// </summary>
/// <remarks>The same bits as the parts one by one: each element of a product is one fused multiply-add chain in
/// increasing k (<see cref="Gemm"/>'s contract); forward, the block's chain over the parts' columns in order is the
/// chain the accumulating per-part products made, and backward every element's chain is over the batch rows or the
/// units exactly as before. Each table's gradient is then added from its columns of dL/dG as before (the dense
/// columns' dL/dX is computed with them and not used: no input gradient is needed, and it costs a few columns).</remarks>
internal sealed class EmbeddingBlock
{
    private readonly EmbeddingInput[] _tables;
    private readonly int[] _offsets;
    private readonly int _denseWidth;

    /// <summary>Dense blocks this narrow join the tables after them (copying their values costs less than a product of
    /// their own).</summary>
    public const int MaxDenseWidth = 16;

    /// <param name="denseWidth">Width of the dense block before the tables (0 for none; at most <see cref="MaxDenseWidth"/>).</param>
    /// <param name="tables">The tables whose rows of the first layer's weights follow, adjacent, in that order; at least
    /// one (a table alone is a block of one: <see cref="EmbeddingInput"/>'s own products).</param>
    public EmbeddingBlock(int denseWidth, IReadOnlyList<EmbeddingInput> tables)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(denseWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(denseWidth, MaxDenseWidth);
        if (tables.Count == 0) throw new ArgumentException("A block holds at least one table.", nameof(tables));
        _denseWidth = denseWidth;
        _tables = [.. tables];
        _offsets = new int[_tables.Length];
        _offsets[0] = denseWidth;
        for (int t = 1; t < _tables.Length; t++) _offsets[t] = _offsets[t - 1] + _tables[t - 1].Width;
        Width = _offsets[^1] + _tables[^1].Width;
        Count = _tables.Length + (denseWidth > 0 ? 1 : 0);
    }

    /// <summary>Σ widths: the block's rows of the first layer's weights.</summary>
    public int Width { get; }

    /// <summary>Parts joined (the dense block counts as one).</summary>
    public int Count { get; }

    /// <summary>The gathered block, then dL/dG.</summary>
    public int ScratchPerRow => 2 * Width;

    /// <summary>z (rows × units) = (or += with <paramref name="accumulate"/>) G·<paramref name="weights"/> (the block's
    /// rows of W).</summary>
    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch)
    {
        int rows = input.Rows;
        Span<float> gathered = scratch.Slice(0, rows * Width);
        if (_denseWidth > 0)
        {
            ReadOnlySpan<float> dense = input.Dense;
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < _denseWidth; c++) gathered[r * Width + c] = dense[r * _denseWidth + c];
        }
        for (int t = 0; t < _tables.Length; t++) _tables[t].Gather(input, gathered, Width, _offsets[t]);
        Gemm.Multiply(gathered, false, weights, false, z, rows, units, Width, accumulate, threads);
    }

    /// <summary>The block's rows of dL/dW (overwritten) = Gᵀ·δ and each table's gradient from dL/dG = δ·W_blockᵀ, after
    /// <see cref="Forward"/> of the same input with the same <paramref name="scratch"/>.</summary>
    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch)
    {
        int rows = input.Rows;
        ReadOnlySpan<float> gathered = scratch.Slice(0, rows * Width);
        Span<float> rowGradients = scratch.Slice(rows * Width, rows * Width);
        Gemm.Multiply(gathered, true, delta, false, weightGradient, Width, units, rows, accumulate: false, threads);
        Gemm.Multiply(delta, false, weights, true, rowGradients, rows, Width, units, accumulate: false, threads);
        for (int t = 0; t < _tables.Length; t++) _tables[t].AddRowGradients(input, rowGradients, Width, _offsets[t]);
    }
}
