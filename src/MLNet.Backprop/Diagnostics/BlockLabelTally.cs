namespace MLNet.Backprop.Diagnostics;

/// <summary>The labels of consecutive blocks of rows in file order, counted by the streaming counting pass: per block the
/// rows of each class (classification) or the labels' sum (regression). Memory: O(blocks × classes), no row kept; an
/// epoch's first round shuffles the first of these blocks, and every later round mixes about a block's width of
/// neighbouring rows (its block slides over them, half at a time), when no row is held out (with a hold-out a training
/// block spans a few more file rows) and when the 64 MB cap leaves them at <c>StreamingBlockSize</c> rows: a block the cap narrows (rows of
/// over 2,048 dense features, or 1,024 non-zeros, at the default size) is known only once the rows are counted, and the
/// wider blocks tallied then are closer to samples than the epochs' are, so the check can miss such an order, not invent
/// one. Every row counts once, whatever its weight: the blocks are cut by rows.</summary>
/// <param name="blockRows">Rows per block (<see cref="Integration.Data.StreamingBatchSource.BlockRows"/>).</param>
/// <param name="classification">Whether the labels are classes.</param>
internal sealed class BlockLabelTally(int blockRows, bool classification)
{
    private readonly Dictionary<float, List<long>> _classRows = []; // per class, its rows in each block
    private readonly List<double> _blockSums = []; // regression: each block's label sum
    private readonly List<long> _blockRows = [];
    private double _sum, _squares; // regression, all rows, around the first label (no cancellation on labels far from 0)
    private float _first = float.NaN;

    /// <summary>Rows per block.</summary>
    public int BlockRows { get; } = Math.Max(1, blockRows);

    /// <summary>Whether the labels are classes.</summary>
    public bool Classification => classification;

    /// <summary>Rows counted.</summary>
    public long Rows { get; private set; }

    /// <summary>Counts one row's label, the rows in file order.</summary>
    public void Add(float label)
    {
        int block = (int)(Rows / BlockRows);
        if (block == _blockRows.Count)
        {
            _blockRows.Add(0);
            _blockSums.Add(0);
            foreach (var rows in _classRows.Values) rows.Add(0);
        }
        _blockRows[block]++;
        Rows++;
        if (classification)
        {
            if (!_classRows.TryGetValue(label, out var rows))
                _classRows[label] = rows = [.. new long[_blockRows.Count]];
            rows[block]++;
            return;
        }
        if (float.IsNaN(_first)) _first = label;
        double d = label - (double)_first;
        _blockSums[block] += d;
        _sum += d;
        _squares += d * d;
    }

    /// <summary>The blocks' departure from random samples of the rows: Pearson's χ² of the blocks × classes table
    /// (classification), or Σ blocks' rows × (block mean − mean)² ÷ variance (regression), and its degrees of freedom
    /// ((blocks − 1)(classes − 1), or blocks − 1). Both are about χ²(df) when the file's order is random. Null with one
    /// block, one class or a constant label: nothing to compare.</summary>
    public (double ChiSquare, int DegreesOfFreedom)? Statistic()
    {
        int blocks = _blockRows.Count;
        if (blocks < 2) return null;
        double chi = 0;
        if (classification)
        {
            if (_classRows.Count < 2) return null;
            foreach (var rows in _classRows.Values)
            {
                double share = rows.Sum() / (double)Rows;
                for (int b = 0; b < blocks; b++)
                {
                    double expected = _blockRows[b] * share, gap = rows[b] - expected;
                    chi += gap * gap / expected;
                }
            }
            return (chi, (blocks - 1) * (_classRows.Count - 1));
        }
        double mean = _sum / Rows, variance = _squares / Rows - mean * mean;
        if (!(variance > 0)) return null;
        for (int b = 0; b < blocks; b++)
        {
            double gap = _blockSums[b] / _blockRows[b] - mean;
            chi += _blockRows[b] * gap * gap / variance;
        }
        return (chi, blocks - 1);
    }
}
