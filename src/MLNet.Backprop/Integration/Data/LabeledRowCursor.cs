using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>
/// A sequential cursor over the feature, label and weight columns that yields checked rows: the label as 0/1, a
/// 0-based class index or a value; the features as a dense vector, or as their non-zero slots and values (a sparse
/// vector is never expanded); the weight. Rows with a missing label are skipped (counted); rows with unusable features
/// are skipped (counted) or rejected with an error naming row and slot.
/// </summary>
internal sealed class LabeledRowCursor : IDisposable
{
    private readonly DataViewRowCursor _cursor;
    private readonly ValueGetter<VBuffer<float>> _getFeatures;
    private readonly Func<float> _getLabel;
    private readonly ValueGetter<float>? _getWeight;
    private readonly Func<int>[] _getKeys;
    private readonly string _featureColumn, _labelColumn;
    private readonly DataViewSchema.Column? _features;
    private readonly string? _weightColumn;
    private readonly bool _skipBadFeatures;
    private readonly CancellationToken _cancellation;
    private VBuffer<float> _vector;

    public LabeledRowCursor(IDataView data, string featureColumn, string labelColumn, string? weightColumn, BackpropTask task,
        bool skipBadFeatures, CancellationToken cancellation, IReadOnlyList<string>? keyColumns = null)
    {
        var schema = data.Schema;
        // No feature column: a model of categorical columns alone (the trainer allows it only then).
        var features = keyColumns is { Count: > 0 } ? schema.GetColumnOrNull(featureColumn) : schema[featureColumn];
        var label = schema[labelColumn];
        DataViewSchema.Column? weight = weightColumn is null ? null : schema[weightColumn];
        Columns = features is { } f ? ((VectorDataViewType)f.Type).Size : 0;
        var keys = (keyColumns ?? []).Select(name => schema[name]).ToArray();
        KeyColumns = keys.Length;
        var active = new List<DataViewSchema.Column> { label };
        if (features is { } read) active.Add(read);
        if (weight is not null) active.Add(weight.Value);
        active.AddRange(keys);
        _cursor = data.GetRowCursor(active);
        _getKeys = keys.Select(k => KeyColumnReader.Create(_cursor, k)).ToArray();
        _getFeatures = features is { } column ? _cursor.GetGetter<VBuffer<float>>(column) : (ref VBuffer<float> v) => v = default;
        _getLabel = LabelReader.Create(_cursor, label, task);
        _getWeight = weight is null ? null : _cursor.GetGetter<float>(weight.Value);
        (_featureColumn, _labelColumn, _weightColumn) = (featureColumn, labelColumn, weightColumn);
        _features = features;
        _skipBadFeatures = skipBadFeatures;
        _cancellation = cancellation;
    }

    /// <summary>Largest accepted example weight: 1e30. A mini-batch's weights are summed in float32, so weights near
    /// float.MaxValue overflow that sum and make every loss NaN; 1e30 leaves room for hundreds of millions of rows in one
    /// batch, and only the weights' ratios matter (the loss is their weighted mean).</summary>
    internal const float MaxWeight = 1e30f;

    /// <summary>The weight column's name, or null without one.</summary>
    public string? WeightColumn => _weightColumn;

    /// <summary>Length of the feature vector.</summary>
    public int Columns { get; }

    /// <summary>Categorical (key) columns read per row.</summary>
    public int KeyColumns { get; }

    /// <summary>Position of the last row read in the underlying data (0-based).</summary>
    public long Position { get; private set; } = -1;

    public long SkippedMissingLabel { get; private set; }

    public long SkippedBadFeatures { get; private set; }

    /// <summary>Reads the next usable row into <paramref name="features"/>; false at the end of the data.</summary>
    public bool TryRead(Span<float> features, out float label, out float weight) => TryRead(features, [], out label, out weight);

    /// <summary>Reads the next usable row into <paramref name="features"/> and its key values into <paramref name="keys"/>
    /// (<see cref="KeyColumns"/> of them: 1-based, 0 = missing); false at the end of the data.</summary>
    public bool TryRead(Span<float> features, Span<int> keys, out float label, out float weight)
    {
        if (!TryRead(out label, out weight)) return false;
        _vector.CopyTo(features);
        CopyKeys(keys);
        return true;
    }

    /// <summary>Writes the current row's key values (<see cref="KeyColumns"/> of them: 1-based, 0 = missing) into
    /// <paramref name="keys"/>.</summary>
    public void CopyKeys(Span<int> keys)
    {
        for (int k = 0; k < _getKeys.Length; k++) keys[k] = _getKeys[k]();
    }

    /// <summary>Copies the current row's features into <paramref name="features"/> (its length, zeros included).</summary>
    public void CopyTo(Span<float> features) => _vector.CopyTo(features);

    /// <summary>Writes the current row's features and keys as row <paramref name="row"/> of <paramref name="batch"/>, in the
    /// batch's form: dense values, or the non-zero entries appended to its sparse block (fill rows in increasing order).</summary>
    public void CopyTo(InputBatch batch, int row)
    {
        if (KeyColumns > 0) CopyKeys(batch.Keys.AsSpan(row * KeyColumns, KeyColumns));
        if (batch.Shape.SparseWidth == 0)
        {
            _vector.CopyTo(batch.Dense.AsSpan(row * Columns, Columns));
            return;
        }
        int at = batch.SparseOffsets[row];
        batch.EnsureSparse(at + StoredCount, keep: at);
        batch.SparseOffsets[row + 1] = at + CopyNonZeros(batch.SparseIndices.AsSpan(at), batch.SparseValues.AsSpan(at));
    }

    /// <summary>Adds the current row to <paramref name="accumulator"/> as it is held: sparse rows by their explicit entries
    /// (never expanded), dense rows whole; the sums are the same either way.</summary>
    public void AddTo(DataSummary.Accumulator accumulator, float label, float weight)
    {
        if (_vector.IsDense) accumulator.Add(_vector.GetValues(), label, weight);
        else accumulator.AddSparse(_vector.GetIndices(), _vector.GetValues(), label, weight);
    }

    /// <summary>Whether the current row's features are held sparse (slots and values of its explicit entries).</summary>
    public bool IsSparse => !_vector.IsDense;

    /// <summary>Explicit entries of the current row: its length when dense, its stored slots when sparse (an upper bound
    /// of its non-zero values).</summary>
    public int StoredCount => _vector.GetValues().Length;

    /// <summary>Writes the current row's non-zero values and their slots (increasing) into the first places of
    /// <paramref name="indices"/> and <paramref name="values"/> (at least <see cref="StoredCount"/> long); returns how many.</summary>
    public int CopyNonZeros(Span<int> indices, Span<float> values)
    {
        var stored = _vector.GetValues();
        var slots = _vector.IsDense ? default : _vector.GetIndices();
        int count = 0;
        for (int k = 0; k < stored.Length; k++)
        {
            if (stored[k] == 0f) continue;
            indices[count] = _vector.IsDense ? k : slots[k];
            values[count++] = stored[k];
        }
        return count;
    }

    /// <summary>Reads the next usable row (its features stay in the cursor: <see cref="TryRead(Span{float}, out float, out float)"/>
    /// copies them dense, <see cref="CopyNonZeros"/> sparse); false at the end of the data.</summary>
    public bool TryRead(out float label, out float weight)
    {
        while (_cursor.MoveNext())
        {
            Position++;
            if ((Position & 4095) == 0) _cancellation.ThrowIfCancellationRequested();
            label = _getLabel();
            if (float.IsNaN(label))
            {
                SkippedMissingLabel++;
                continue;
            }
            if (float.IsInfinity(label))
                throw InfiniteLabel(_labelColumn, label, Position);

            _getFeatures(ref _vector);
            if (_vector.Length != Columns)
                throw new InvalidOperationException($"Feature column '{_featureColumn}' has {_vector.Length} values in {RowNumber.Of(Position)}; {Columns} expected.");
            // Only explicit entries can be unusable (a sparse vector's other slots are zeros); the first in slot order is named.
            var stored = _vector.GetValues();
            int bad = FirstUnusable(stored);
            if (bad >= 0)
            {
                if (_skipBadFeatures)
                {
                    SkippedBadFeatures++;
                    continue;
                }
                int slot = _vector.IsDense ? bad : _vector.GetIndices()[bad];
                throw new InvalidOperationException(
                    $"Feature column '{_featureColumn}' holds {stored[bad]} at {Schema.SlotName.Describe(_features, slot)} in {RowNumber.Of(Position)}; features must be finite and within ±{FeatureLimits.MaxMagnitude:G3}. " +
                    "Add ml.Transforms.ReplaceMissingValues(...) (and a normaliser) before the trainer, or set SkipRowsWithNonFiniteFeatures = true to skip such rows.");
            }

            weight = 1f;
            if (_getWeight is not null)
            {
                _getWeight(ref weight);
                if (!IsUsableWeight(weight)) throw BadWeight(_weightColumn!, weight, Position);
            }
            return true;
        }
        label = weight = 0;
        return false;
    }

    public void Dispose() => _cursor.Dispose();

    /// <summary>Whether training can use an example weight: finite, ≥ 0 and at most <see cref="MaxWeight"/>.</summary>
    internal static bool IsUsableWeight(float weight) => weight >= 0 && weight <= MaxWeight;

    /// <summary>The refusal of a weight that is not <see cref="IsUsableWeight"/>, naming the column and the row.</summary>
    internal static InvalidOperationException BadWeight(string column, float weight, long row) =>
        new($"Weight column '{column}' is {weight} in {RowNumber.Of(row)}; weights must be finite, ≥ 0 and at most {MaxWeight:G3}" +
            (float.IsFinite(weight) && weight > 0 ? " (training uses only their ratios: divide them all by a common factor)." : "."));

    /// <summary>The refusal of an infinite label, naming the column and the row.</summary>
    internal static InvalidOperationException InfiniteLabel(string column, float label, long row) =>
        new($"Label column '{column}' is {label} in {RowNumber.Of(row)}; labels must be finite.");

    private static int FirstUnusable(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++) if (!FeatureLimits.IsUsable(values[i])) return i;
        return -1;
    }
}
