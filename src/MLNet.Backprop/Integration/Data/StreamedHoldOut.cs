using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>
/// One network's hold-out of streamed rows: the rows <see cref="TrainingSplit.HeldOutByRow"/> draws for its seed, by
/// their position among the usable rows of the view (the counting pass's numbering), so every epoch, block size and
/// thread count holds out the same rows. The held-out rows are read once, before training, and kept in memory (early
/// stopping scores them after every epoch, the calibration once); the training part is served from the stream.
/// </summary>
/// <param name="Seed">The network's seed (each network of an ensemble holds out its own rows, as in memory).</param>
/// <param name="Share">The share of the rows held out, in (0, 1).</param>
internal sealed record StreamedHoldOut(ulong Seed, float Share)
{
    /// <summary>The most bytes of rows the automatic hold-out keeps in memory for one network: as many as one shuffle
    /// block (<see cref="StreamingBatchSource.MaxBlockBytes"/>), so a streamed network holds at most twice that.</summary>
    public const long MaxAutomaticBytes = StreamingBatchSource.MaxBlockBytes;

    /// <summary>Whether the row at <paramref name="position"/> (among the usable rows, from 0) is held out.</summary>
    public bool Holds(long position) => TrainingSplit.HeldOutByRow(Seed, position, Share);

    /// <summary>The share a network holds out of the streamed rows: an explicit share as given (a value the user sets
    /// wins; its rows are held in memory), the automatic one capped so that its rows take about
    /// <see cref="MaxAutomaticBytes"/> at most (the rows did not fit in memory, a tenth of them may not either).</summary>
    /// <param name="share">The plan's share for the rows.</param>
    /// <param name="rows">The rows counted.</param>
    /// <param name="rowBytes">A held row's bytes on average (<see cref="RowBytes"/>).</param>
    /// <param name="automatic">Whether the share is the automatic one.</param>
    public static float ShareOf(float share, long rows, double rowBytes, bool automatic)
    {
        if (!automatic || share <= 0f || rows <= 0) return share;
        double most = MaxAutomaticBytes / (rowBytes * rows);
        return most < share ? (float)most : share;
    }

    /// <summary>A held row's bytes on average, in the form the rows are served in: its dense values or its non-zero
    /// entries (slot and value), its label and weight (its keys, 4 bytes a categorical column, are left out: the share
    /// is then the same before the plan knows them, when the supervised bins leave the held-out rows out).</summary>
    public static double RowBytes(DataSummary summary, InputShape inputs) =>
        (inputs.SparseWidth > 0 ? 8.0 * summary.NonZeros / Math.Max(1, summary.Rows) : 4.0 * summary.Columns) + 8.0;

    /// <summary>Reads the view once: the held-out rows, in the served form and in their order (null when the draw holds
    /// none out), and the counting pass over the rest, the network's training part.</summary>
    /// <param name="cursor">A fresh cursor over the view.</param>
    /// <param name="inputs">The form the rows are served in.</param>
    /// <param name="classification">Whether labels are classes.</param>
    /// <param name="weighted">Whether rows carry a weight column.</param>
    public (TrainingData? HeldOut, DataSummary Training) Read(LabeledRowCursor cursor, InputShape inputs, bool classification, bool weighted)
    {
        var training = new DataSummary.Accumulator(cursor.Columns, classification);
        var held = new HeldRows(inputs, weighted);
        long position = 0;
        while (cursor.TryRead(out float label, out float weight))
        {
            if (Holds(position++)) held.Add(cursor, label, weight);
            else cursor.AddTo(training, label, weight);
        }
        return (held.ToTrainingData(), training.ToSummary());
    }

    /// <summary>Rows gathered one by one into growing arrays, dense or sparse (non-zero entries) as served, with keys.</summary>
    private sealed class HeldRows(InputShape inputs, bool weighted)
    {
        private readonly List<float> _dense = [], _values = [], _labels = [], _weights = [];
        private readonly List<int> _indices = [], _offsets = [0], _keys = [];
        private float[] _row = new float[inputs.DenseWidth];
        private int[] _slots = [], _rowKeys = new int[inputs.KeyColumns];
        private float[] _rowValues = [];

        public void Add(LabeledRowCursor cursor, float label, float weight)
        {
            if (inputs.SparseWidth > 0)
            {
                if (_slots.Length < cursor.StoredCount) (_slots, _rowValues) = (new int[cursor.StoredCount], new float[cursor.StoredCount]);
                int count = cursor.CopyNonZeros(_slots, _rowValues);
                _indices.AddRange(_slots.AsSpan(0, count));
                _values.AddRange(_rowValues.AsSpan(0, count));
                _offsets.Add(checked(_offsets[^1] + count));
            }
            else if (inputs.DenseWidth > 0)
            {
                cursor.CopyTo(_row);
                _dense.AddRange(_row);
            }
            cursor.CopyKeys(_rowKeys);
            _keys.AddRange(_rowKeys);
            _labels.Add(label);
            _weights.Add(weight);
        }

        public TrainingData? ToTrainingData()
        {
            int rows = _labels.Count;
            if (rows == 0) return null;
            int columns = inputs.DenseWidth + inputs.SparseWidth;
            float[]? weights = weighted ? [.. _weights] : null;
            return inputs.SparseWidth > 0
                ? TrainingData.Sparse([.. _offsets], [.. _indices], [.. _values], rows, columns, [.. _labels], weights: weights, keys: [.. _keys], keyColumns: inputs.KeyColumns)
                : new TrainingData([.. _dense], rows, columns, [.. _labels], weights: weights, keys: [.. _keys], keyColumns: inputs.KeyColumns);
        }
    }
}
