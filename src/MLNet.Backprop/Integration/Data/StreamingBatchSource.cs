using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>
/// Mini-batches read from a data view with one sequential cursor per epoch into a block of rows that is shuffled and
/// cut into batches. Memory: one block of rows, dense or sparse (the non-zero entries of its rows: a sparse vector is
/// never expanded).
/// </summary>
/// <remarks>A shuffled epoch of more rows than a block slides over the rows: each round serves half the block's rows,
/// drawn at random, and reads as many new rows into their places, so a row waits k rounds with probability 2^−k and
/// no two epochs cut the rows into the same batches (the first round reads a whole block, the last serves all the rows
/// left). Fixed blocks, each served whole, drew every epoch's batches from the same partition of the rows and trailed
/// in memory further (README, "Which mode, and what it costs"). The reads (one sequential pass) and the memory (one
/// block) are those of fixed blocks; an epoch that fits one block, or is not shuffled, is served as before.
/// With a hold-out (<see cref="StreamedHoldOut"/>) the held-out rows are read and skipped: the blocks and batches
/// hold the training part only, decided row by row by the row's position, whatever the block size.
/// Every epoch must read the rows the counting pass read: the same number, with the same total weight (summed in
/// the same order, so equal data gives equal bits). A view that returns other rows (filtered differently, sampled at
/// random, or changed underneath) fails naming the epoch and both counts instead of training on something else.</remarks>
internal sealed class StreamingBatchSource : IBatchSource, IDisposable
{
    private readonly Func<LabeledRowCursor> _open;
    private readonly ClassBalance? _balance;
    private readonly int _blockRows;
    private readonly InputBatch _block;
    private readonly float[] _labels, _weights;
    private readonly int[] _order;
    private LabeledRowCursor? _cursor;
    private Rng? _rng;
    private readonly DataSummary _summary;
    private readonly StreamedHoldOut? _holdOut;
    private readonly bool[] _served; // a round's served rows, marked for the compaction
    private int _filled, _next, _epoch;
    private int _serveEnd; // the round serves _order[0.._serveEnd); the rest of the block waits for the next round
    private bool _exhausted;
    private long _epochRows; // rows read this epoch, held-out ones included
    private long _takenRows; // training rows read into the block this epoch
    private double _epochWeightSum;

    /// <param name="open">Opens a fresh cursor over the data.</param>
    /// <param name="summary">The counting pass: features per row, rows per epoch and their total weight.</param>
    /// <param name="hasWeights">Whether rows carry a weight column.</param>
    /// <param name="balance">Balanced class weights, or null.</param>
    /// <param name="blockRows">Rows per shuffle block, at most: never more than the rows of an epoch, nor more than
    /// <see cref="MaxBlockBytes"/> of features.</param>
    /// <param name="inputs">The form of the rows served: one dense block, or one sparse block, of the features.</param>
    /// <param name="holdOut">The rows to skip (the network's hold-out) and <paramref name="trainingRows"/>, the rows left;
    /// null to serve every row.</param>
    /// <param name="trainingRows">The rows served per epoch with <paramref name="holdOut"/>.</param>
    public StreamingBatchSource(Func<LabeledRowCursor> open, DataSummary summary, bool hasWeights, ClassBalance? balance, int blockRows, InputShape inputs,
        StreamedHoldOut? holdOut = null, long trainingRows = 0)
    {
        _open = open;
        _summary = summary;
        _holdOut = holdOut;
        Inputs = inputs;
        long rows = holdOut is null ? summary.Rows : trainingRows;
        Rows = rows;
        _balance = balance;
        HasWeights = hasWeights || balance is not null;
        _blockRows = BlockRows(blockRows, rows, FeatureBytes(summary, inputs, rows));
        _block = new InputBatch(inputs, _blockRows);
        _labels = new float[_blockRows];
        _weights = new float[_blockRows];
        _order = new int[_blockRows];
        _served = new bool[_blockRows];
    }

    /// <summary>Largest block of features held at once: wide rows make blocks of fewer rows.</summary>
    public const long MaxBlockBytes = 64L << 20;

    public InputShape Inputs { get; }

    public int TargetWidth => 1;

    public bool HasWeights { get; }

    public long? Rows { get; }

    /// <summary>The reader refuses (or skips) any row with a value beyond ±<see cref="FeatureLimits.MaxMagnitude"/>.</summary>
    public double MaxAbsFeature => FeatureLimits.MaxMagnitude;

    public void BeginEpoch(Rng? rng)
    {
        _cursor?.Dispose();
        _cursor = _open();
        _rng = rng;
        _exhausted = false;
        _filled = _next = _serveEnd = 0;
        _epoch++;
        _epochRows = _takenRows = 0;
        _epochWeightSum = 0;
        FillBlock();
    }

    public int Next(InputBatch inputs, Span<float> targets, Span<float> weights, int capacity, out bool last)
    {
        if (_next == _serveEnd && !_exhausted) FillBlock();
        int count = Math.Min(capacity, _serveEnd - _next);
        if (Inputs.SparseWidth > 0) inputs.SparseOffsets[0] = 0;
        for (int b = 0; b < count; b++)
        {
            int row = _order[_next + b];
            inputs.CopyRow(_block, row, b);
            targets[b] = _labels[row];
            if (HasWeights) weights[b] = _weights[row];
        }
        _next += count;
        if (_next == _serveEnd && !_exhausted) FillBlock();
        last = _next == _serveEnd && _exhausted;
        return count;
    }

    public void Dispose() => _cursor?.Dispose();

    private void CheckEpoch(bool ended)
    {
        string counts = $"in epoch {_epoch}";
        if (_epochRows != _summary.Rows)
            throw Changed($"{(ended ? _epochRows : $"more than {_summary.Rows}")} rows {counts} but {_summary.Rows} in the counting pass before training");
        if (_epochWeightSum != _summary.WeightSum)
            throw Changed($"rows whose weights in '{_cursor!.WeightColumn}' sum to {_epochWeightSum:G6} {counts} but {_summary.WeightSum:G6} in the counting pass before training");
    }

    private static InvalidOperationException Changed(string what) =>
        new($"The training data view returned {what}. Streaming reads the data again every epoch and needs a view that returns " +
            "the same rows each time (a file, or ml.Data.Cache(...) of a changing source); use DataLoading = InMemory to read it once.");

    /// <summary>A row's features in a block: a sparse row its non-zeros (a slot and a value, 8 bytes each) on average
    /// over <paramref name="rows"/>, a dense one its width (4 bytes a value).</summary>
    internal static long FeatureBytes(DataSummary summary, InputShape inputs, long rows) =>
        inputs.SparseWidth > 0 ? Math.Max(1, 8 * summary.NonZeros / Math.Max(1, rows)) : 4L * summary.Columns;

    /// <summary>The rows a block holds: the option's value, capped by the rows counted and by <see cref="MaxBlockBytes"/>
    /// of rows of <paramref name="rowBytes"/> bytes.</summary>
    internal static int BlockRows(int requested, long rows, long rowBytes) =>
        (int)Math.Max(1, Math.Min(Math.Min(requested, rows), MaxBlockBytes / Math.Max(1, rowBytes)));

    /// <summary>The rows a shuffled round keeps for the next one: half the block; none when the epoch's training rows
    /// have all been read (the last round serves what is left, and an epoch that fits one block is shuffled whole), when
    /// the order is not shuffled (the rows are served in order) or when the block holds one row.</summary>
    internal static int KeptRows(int blockRows, bool shuffled, bool allRead) => shuffled && !allRead ? blockRows / 2 : 0;

    /// <summary>One round: the rows the last round kept move to the front, new rows fill the block (or the rows that are
    /// left), the block's order is shuffled, and its first rows beyond <see cref="KeptRows"/> are served.</summary>
    private void FillBlock()
    {
        _filled = KeepUnserved();
        _next = 0;
        while (_filled < _blockRows)
        {
            if (!_cursor!.TryRead(out float label, out float weight))
            {
                _exhausted = true;
                CheckEpoch(ended: true);
                break;
            }
            long position = _epochRows++;
            _epochWeightSum += weight;
            if (_epochRows > _summary.Rows) CheckEpoch(ended: false);
            if (_holdOut is not null && _holdOut.Holds(position)) continue;
            if (_filled == 0 && Inputs.SparseWidth > 0) _block.SparseOffsets[0] = 0;
            _cursor.CopyTo(_block, _filled);
            _labels[_filled] = label;
            _weights[_filled] = _balance is null ? weight : _balance.Weight(label, weight);
            _filled++;
            _takenRows++;
        }
        for (int row = 0; row < _filled; row++) _order[row] = row;
        _rng?.Shuffle(_order.AsSpan(0, _filled));
        _serveEnd = _filled - KeptRows(_blockRows, _rng is not null, allRead: _exhausted || _takenRows == Rows);
    }

    /// <summary>Moves the rows the last round did not serve to the front of the block and returns their count. They move
    /// in storage order, each to a place at or before its own, so a sparse row's entries are copied before any later
    /// row's are overwritten.</summary>
    private int KeepUnserved()
    {
        if (_serveEnd == _filled) return 0;
        Array.Clear(_served, 0, _filled);
        for (int i = 0; i < _serveEnd; i++) _served[_order[i]] = true;
        if (Inputs.SparseWidth > 0) _block.SparseOffsets[0] = 0;
        int kept = 0;
        for (int row = 0; row < _filled; row++)
        {
            if (_served[row]) continue;
            if (row != kept)
            {
                _block.CopyRow(_block, row, kept);
                _labels[kept] = _labels[row];
                _weights[kept] = _weights[row];
            }
            kept++;
        }
        return kept;
    }
}
