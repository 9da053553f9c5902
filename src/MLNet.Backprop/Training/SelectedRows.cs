using System.Buffers;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>Some rows of a source, renumbered from 0 in the order given: a cluster worker's training rows after a
/// row-by-row hold-out (<see cref="RowHoldOut"/>), as the single-process mode serves its kept rows in place.</summary>
/// <param name="source">All the rows.</param>
/// <param name="rows">The indices into <paramref name="source"/> of the rows served, in their new order.</param>
internal sealed class SelectedRows(IRowSource source, int[] rows) : IRowSource
{
    public int RowCount => rows.Length;

    public InputShape Inputs => source.Inputs;

    public int TargetWidth => source.TargetWidth;

    public bool HasWeights => source.HasWeights;

    public void Gather(ReadOnlySpan<int> positions, InputBatch inputs, Span<float> targets, Span<float> weights)
    {
        int[] mapped = ArrayPool<int>.Shared.Rent(positions.Length);
        try
        {
            for (int i = 0; i < positions.Length; i++) mapped[i] = rows[positions[i]];
            source.Gather(mapped.AsSpan(0, positions.Length), inputs, targets, weights);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(mapped);
        }
    }
}
