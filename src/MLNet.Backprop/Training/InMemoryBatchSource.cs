using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>Mini-batches gathered from <see cref="TrainingData"/> through an index permutation reshuffled every epoch,
/// with class-balanced weights when asked; optionally from a subset of its rows (the training side of a hold-out),
/// without copying them. The micro-batch mode reads the same served rows (balance applied) by position.</summary>
/// <param name="data">The rows.</param>
/// <param name="balance">Balanced class weights, or null.</param>
/// <param name="rows">The rows to serve, in order (as if they were copied out in that order), or null for all.</param>
/// <param name="balancedSampling">Serve each epoch with the classes equally represented (<see cref="BalancedOrder"/>)
/// instead of a permutation of the rows.</param>
internal sealed class InMemoryBatchSource(TrainingData data, ClassBalance? balance, int[]? rows = null, bool balancedSampling = false) : IBatchSource, IRowSource
{
    private readonly BalancedOrder? _balanced = balancedSampling
        ? new BalancedOrder(rows ?? Enumerable.Range(0, data.Rows).ToArray(), r => data.Targets[r * data.TargetWidth])
        : null;

    // The permutation holds row indices of the data: shuffling the subset's indices moves them as a shuffle of
    // positions 0..n-1 would (the same swaps), so the batches are those of a copy of the subset.
    private readonly int[] _order = rows is null ? Enumerable.Range(0, data.Rows).ToArray() : (int[])rows.Clone();
    private readonly float[]? _weights = Weights(data, balance);
    private int _next;
    private int _threads = 1;

    public InputShape Inputs => data.Inputs;

    public int TargetWidth => data.TargetWidth;

    public bool HasWeights => _weights is not null;

    public long? Rows => _order.Length;

    public int RowCount => _order.Length;

    /// <summary>The largest |value| among all the data's features (a subset's bound too).</summary>
    public double MaxAbsFeature => data.MaxAbsFeature;

    /// <summary>Threads that may copy a large batch's rows side by side (the trainer's); the batch does not depend on it.</summary>
    public void UseThreads(int threads) => _threads = threads;

    public void BeginEpoch(Rng? rng)
    {
        if (_balanced is not null) _balanced.Fill(_order, rng);
        else rng?.Shuffle(_order);
        _next = 0;
    }

    public int Next(InputBatch inputs, Span<float> targets, Span<float> weights, int capacity, out bool last)
    {
        int count = Math.Min(capacity, _order.Length - _next);
        Copy(_order.AsSpan(_next, count), inputs, targets, weights, _threads);
        _next += count;
        last = _next >= _order.Length;
        return count;
    }

    /// <summary>Copies the served rows at <paramref name="positions"/> (0 to <see cref="RowCount"/> − 1), in that order.</summary>
    public void Gather(ReadOnlySpan<int> positions, InputBatch inputs, Span<float> targets, Span<float> weights)
    {
        if (rows is null)
        {
            Copy(positions, inputs, targets, weights, 1);
            return;
        }
        // A subset's positions map to rows (micro-batches are small; callers share this source across threads, so no
        // shared buffer).
        Span<int> mapped = positions.Length <= 1024 ? stackalloc int[positions.Length] : new int[positions.Length];
        for (int b = 0; b < positions.Length; b++) mapped[b] = rows[positions[b]];
        Copy(mapped, inputs, targets, weights, 1);
    }

    private void Copy(ReadOnlySpan<int> dataRows, InputBatch inputs, Span<float> targets, Span<float> weights, int threads)
    {
        int width = data.TargetWidth;
        if (data.IsSparse) SparseGather.Copy(data, dataRows, inputs);
        else RowGather.Copy(data.Features, data.Columns, dataRows, inputs.Dense, threads);
        int keyColumns = data.KeyColumns;
        for (int b = 0; b < dataRows.Length; b++)
        {
            int row = dataRows[b];
            data.Targets.AsSpan(row * width, width).CopyTo(targets.Slice(b * width));
            if (keyColumns > 0) data.Keys.AsSpan(row * keyColumns, keyColumns).CopyTo(inputs.Keys.AsSpan(b * keyColumns));
            if (_weights is not null) weights[b] = _weights[row];
        }
    }

    // Each row's weight, computed once (balanced weights are not recomputed per epoch).
    private static float[]? Weights(TrainingData data, ClassBalance? balance)
    {
        if (balance is null) return data.Weights;
        var weights = new float[data.Rows];
        for (int r = 0; r < data.Rows; r++) weights[r] = balance.Weight(data.Targets[r], data.Weights?[r] ?? 1f);
        return weights;
    }
}
