using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>Mini-batches gathered from <see cref="TrainingData"/> through an index permutation reshuffled every epoch,
/// with class-balanced weights when asked; the micro-batch mode reads the same rows (balance applied) by index.</summary>
internal sealed class InMemoryBatchSource(TrainingData data, ClassBalance? balance) : IBatchSource, IRowSource
{
    private readonly int[] _order = Enumerable.Range(0, data.Rows).ToArray();
    private readonly float[]? _weights = Weights(data, balance);
    private int _next;

    public int Columns => data.Columns;

    public int TargetWidth => data.TargetWidth;

    public bool HasWeights => _weights is not null;

    public long? Rows => data.Rows;

    /// <summary>Threads that may copy a large batch's rows side by side (the trainer's); the batch does not depend on it.</summary>
    public int Threads { get; set; } = 1;

    public int RowCount => data.Rows;

    public void BeginEpoch(Rng? rng)
    {
        rng?.Shuffle(_order);
        _next = 0;
    }

    public int Next(Span<float> features, Span<float> targets, Span<float> weights, int capacity, out bool last)
    {
        int count = Math.Min(capacity, data.Rows - _next);
        Gather(_order.AsSpan(_next, count), features, targets, weights);
        _next += count;
        last = _next >= data.Rows;
        return count;
    }

    public void Gather(ReadOnlySpan<int> rows, Span<float> features, Span<float> targets, Span<float> weights)
    {
        int width = data.TargetWidth;
        RowGather.Copy(data.Features, data.Columns, rows, features, Threads);
        for (int b = 0; b < rows.Length; b++)
        {
            int row = rows[b];
            data.Targets.AsSpan(row * width, width).CopyTo(targets.Slice(b * width));
            if (_weights is not null) weights[b] = _weights[row];
        }
    }

    // Balanced weights are computed once per row, not per epoch.
    private static float[]? Weights(TrainingData data, ClassBalance? balance)
    {
        if (balance is null) return data.Weights;
        var weights = new float[data.Rows];
        for (int r = 0; r < data.Rows; r++) weights[r] = balance.Weight(data.Targets[r], data.Weights?[r] ?? 1f);
        return weights;
    }
}
