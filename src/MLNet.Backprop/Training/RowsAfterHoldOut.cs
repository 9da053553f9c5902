using System.Buffers;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>The rows of a source but those a row-by-row hold-out draws (<see cref="RowHoldOut"/>), renumbered from 0 in
/// row order: a cluster worker's training rows, as the single-process mode serves its kept rows in place. Only the
/// held-out rows are indexed (about the share of the rows, 4 bytes each), not every training row: training row i is
/// row i + k, k the held-out rows before it, found by binary search.</summary>
internal sealed class RowsAfterHoldOut : IRowSource
{
    private readonly IRowSource _source;

    // _skips[j] = heldOut[j] − j: the first training position at or after which held-out row j lies before the row served
    // (non-decreasing, as the held-out rows are ascending).
    private readonly int[] _skips;

    /// <param name="source">All the rows.</param>
    /// <param name="heldOut">The held-out rows' indices into <paramref name="source"/>, ascending (<see cref="Integration.Data.TrainingSplit.HeldOutRows"/>);
    /// taken over.</param>
    public RowsAfterHoldOut(IRowSource source, int[] heldOut)
    {
        _source = source;
        for (int j = 0; j < heldOut.Length; j++) heldOut[j] -= j;
        _skips = heldOut;
        RowCount = source.RowCount - heldOut.Length;
    }

    public int RowCount { get; }

    public InputShape Inputs => _source.Inputs;

    public int TargetWidth => _source.TargetWidth;

    public bool HasWeights => _source.HasWeights;

    /// <summary>The source row served at training position <paramref name="position"/>.</summary>
    public int RowOf(int position)
    {
        int lo = 0, hi = _skips.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_skips[mid] <= position) lo = mid + 1;
            else hi = mid;
        }
        return position + lo;
    }

    public void Gather(ReadOnlySpan<int> positions, InputBatch inputs, Span<float> targets, Span<float> weights)
    {
        int[] mapped = ArrayPool<int>.Shared.Rent(positions.Length);
        try
        {
            for (int i = 0; i < positions.Length; i++) mapped[i] = RowOf(positions[i]);
            _source.Gather(mapped.AsSpan(0, positions.Length), inputs, targets, weights);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(mapped);
        }
    }
}
