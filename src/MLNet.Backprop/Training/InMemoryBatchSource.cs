using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>Mini-batches gathered from <see cref="TrainingData"/> through an index permutation reshuffled every epoch,
/// with class-balanced weights when asked; optionally from a subset of its rows (the training side of a hold-out),
/// without copying them. The micro-batch mode reads the same served rows (balance applied) by position.</summary>
/// <param name="data">The rows.</param>
/// <param name="balance">Balanced class weights, or null.</param>
/// <param name="rows">The rows to serve, in order (as if they were copied out in that order), or null for all.</param>
internal sealed class InMemoryBatchSource(TrainingData data, ClassBalance? balance, int[]? rows = null) : IBatchSource, IRowSource
{
    private readonly int[] _order = Enumerable.Range(0, rows?.Length ?? data.Rows).ToArray();
    private readonly float[]? _weights = Weights(data, balance, rows);
    private int _next;

    public int Columns => data.Columns;

    public int TargetWidth => data.TargetWidth;

    public bool HasWeights => _weights is not null;

    public long? Rows => _order.Length;

    public int RowCount => _order.Length;

    public void BeginEpoch(Rng? rng)
    {
        rng?.Shuffle(_order);
        _next = 0;
    }

    public int Next(Span<float> features, Span<float> targets, Span<float> weights, int capacity, out bool last)
    {
        int count = Math.Min(capacity, _order.Length - _next);
        Gather(_order.AsSpan(_next, count), features, targets, weights);
        _next += count;
        last = _next >= _order.Length;
        return count;
    }

    /// <summary>Copies the served rows at <paramref name="positions"/> (0 to <see cref="RowCount"/> − 1), in that order.</summary>
    public void Gather(ReadOnlySpan<int> positions, Span<float> features, Span<float> targets, Span<float> weights)
    {
        int columns = data.Columns, width = data.TargetWidth;
        for (int b = 0; b < positions.Length; b++)
        {
            int position = positions[b];
            int row = rows is null ? position : rows[position];
            data.Features.AsSpan(row * columns, columns).CopyTo(features.Slice(b * columns));
            data.Targets.AsSpan(row * width, width).CopyTo(targets.Slice(b * width));
            if (_weights is not null) weights[b] = _weights[position];
        }
    }

    // The weight of each served position, computed once (balanced weights are not recomputed per epoch).
    private static float[]? Weights(TrainingData data, ClassBalance? balance, int[]? rows)
    {
        if (balance is null && (rows is null || data.Weights is null)) return data.Weights;
        int count = rows?.Length ?? data.Rows;
        var weights = new float[count];
        for (int p = 0; p < count; p++)
        {
            int r = rows is null ? p : rows[p];
            float weight = data.Weights?[r] ?? 1f;
            weights[p] = balance is null ? weight : balance.Weight(data.Targets[r], weight);
        }
        return weights;
    }
}
