using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// Adjacent embedding tables of the input stage multiplied as one block: their gathered vectors side by side,
/// G = [G₁ | G₂ | …] (rows × Σ widths), enter the first layer as one product G·W_block, and backward as one Gᵀ·δ and
/// one δ·W_blockᵀ, where each table alone would make three products of its own (a width of 1–16 against a batch of
/// rows: far too small to pay for a GEMM's packing, so a recommendation model's handful of narrow tables spent most
/// of its step there).
/// </summary>
/// <remarks>The same bits as the tables one by one: each element of a product is one fused multiply-add chain in
/// increasing k (<see cref="Gemm"/>'s contract); forward, the block's chain over the tables' columns in order is the
/// chain the accumulating per-table products made, and backward every element's chain is over the batch rows or the
/// units exactly as before. Each table's gradient is then added from its columns of dL/dG as before.</remarks>
internal sealed class EmbeddingBlock
{
    private readonly EmbeddingInput[] _tables;
    private readonly int[] _offsets;

    /// <param name="tables">Two or more tables whose rows of the first layer's weights are adjacent, in that order.</param>
    public EmbeddingBlock(IReadOnlyList<EmbeddingInput> tables)
    {
        if (tables.Count < 2) throw new ArgumentException("A block joins two or more tables.", nameof(tables));
        _tables = [.. tables];
        _offsets = new int[_tables.Length];
        for (int t = 1; t < _tables.Length; t++) _offsets[t] = _offsets[t - 1] + _tables[t - 1].Width;
        Width = _offsets[^1] + _tables[^1].Width;
    }

    /// <summary>Σ widths: the block's rows of the first layer's weights.</summary>
    public int Width { get; }

    /// <summary>Tables joined.</summary>
    public int Count => _tables.Length;

    /// <summary>The gathered block, then dL/dG.</summary>
    public int ScratchPerRow => 2 * Width;

    /// <summary>z (rows × units) = (or += with <paramref name="accumulate"/>) G·<paramref name="weights"/> (the block's
    /// rows of W).</summary>
    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch)
    {
        int rows = input.Rows;
        Span<float> gathered = scratch.Slice(0, rows * Width);
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
