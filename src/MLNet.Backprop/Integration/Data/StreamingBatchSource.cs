using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>
/// Mini-batches read from a data view with one sequential cursor per epoch: rows are read a block at a time, the block's
/// order is shuffled, then it is cut into batches. Memory: one block of rows.
/// </summary>
internal sealed class StreamingBatchSource : IBatchSource, IDisposable
{
    private readonly Func<LabeledRowCursor> _open;
    private readonly ClassBalance? _balance;
    private readonly int _blockRows;
    private readonly float[] _features, _labels, _weights;
    private readonly int[] _order;
    private LabeledRowCursor? _cursor;
    private Rng? _rng;
    private int _filled, _next;
    private bool _exhausted;

    /// <param name="open">Opens a fresh cursor over the data.</param>
    /// <param name="columns">Features per row.</param>
    /// <param name="rows">Rows per epoch (from the counting pass).</param>
    /// <param name="hasWeights">Whether rows carry a weight column.</param>
    /// <param name="balance">Balanced class weights, or null.</param>
    /// <param name="blockRows">Rows per shuffle block, at most: never more than the rows of an epoch, nor more than
    /// <see cref="MaxBlockBytes"/> of features.</param>
    public StreamingBatchSource(Func<LabeledRowCursor> open, int columns, long rows, bool hasWeights, ClassBalance? balance, int blockRows)
    {
        _open = open;
        Columns = columns;
        Rows = rows;
        _balance = balance;
        HasWeights = hasWeights || balance is not null;
        _blockRows = BlockRows(blockRows, rows, columns);
        _features = new float[(long)_blockRows * columns];
        _labels = new float[_blockRows];
        _weights = new float[_blockRows];
        _order = new int[_blockRows];
    }

    /// <summary>Largest block of features held at once: wide rows make blocks of fewer rows.</summary>
    public const long MaxBlockBytes = 64L << 20;

    public int Columns { get; }

    public int TargetWidth => 1;

    public bool HasWeights { get; }

    public long? Rows { get; }

    public void BeginEpoch(Rng? rng)
    {
        _cursor?.Dispose();
        _cursor = _open();
        _rng = rng;
        _exhausted = false;
        _filled = _next = 0;
        FillBlock();
    }

    public int Next(Span<float> features, Span<float> targets, Span<float> weights, int capacity, out bool last)
    {
        if (_next == _filled && !_exhausted) FillBlock();
        int count = Math.Min(capacity, _filled - _next);
        for (int b = 0; b < count; b++)
        {
            int row = _order[_next + b];
            _features.AsSpan(row * Columns, Columns).CopyTo(features.Slice(b * Columns));
            targets[b] = _labels[row];
            if (HasWeights) weights[b] = _weights[row];
        }
        _next += count;
        if (_next == _filled && !_exhausted) FillBlock();
        last = _next == _filled && _exhausted;
        return count;
    }

    public void Dispose() => _cursor?.Dispose();

    /// <summary>The rows a block holds: the option's value, capped by the rows counted and by <see cref="MaxBlockBytes"/>.</summary>
    internal static int BlockRows(int requested, long rows, int columns) =>
        (int)Math.Max(1, Math.Min(Math.Min(requested, rows), MaxBlockBytes / (4L * columns)));

    private void FillBlock()
    {
        _filled = _next = 0;
        while (_filled < _blockRows)
        {
            if (!_cursor!.TryRead(_features.AsSpan(_filled * Columns, Columns), out float label, out float weight))
            {
                _exhausted = true;
                break;
            }
            _labels[_filled] = label;
            _weights[_filled] = _balance is null ? weight : _balance.Weight(label, weight);
            _order[_filled] = _filled;
            _filled++;
        }
        _rng?.Shuffle(_order.AsSpan(0, _filled));
    }
}
