using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

/// <summary>
/// Reads the feature, label and weight columns of an <see cref="IDataView"/> once, sequentially, into contiguous
/// arrays (training then shuffles indices, so featurizers upstream run once, not once per epoch).
/// </summary>
internal static class DataViewReader
{
    /// <param name="data">The data.</param>
    /// <param name="featureColumn">Known-size vector of Single.</param>
    /// <param name="labelColumn">Boolean, key or Single by <paramref name="task"/>.</param>
    /// <param name="weightColumn">Single, or null.</param>
    /// <param name="task">Decides how the label is read.</param>
    /// <param name="skipNonFiniteFeatures">Skip rows with NaN, ±∞ or beyond-limit features instead of throwing.</param>
    /// <param name="cancellation">Checked every 4096 rows.</param>
    public static LabeledData Read(IDataView data, string featureColumn, string labelColumn, string? weightColumn,
        BackpropTask task, bool skipNonFiniteFeatures, CancellationToken cancellation)
    {
        var schema = data.Schema;
        var features = schema[featureColumn];
        var label = schema[labelColumn];
        DataViewSchema.Column? weight = weightColumn is null ? null : schema[weightColumn];
        int columns = ((VectorDataViewType)features.Type).Size;

        var active = new List<DataViewSchema.Column> { features, label };
        if (weight is not null) active.Add(weight.Value);
        using var cursor = data.GetRowCursor(active);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        Func<float> getLabel = LabelReader(cursor, label, task);
        ValueGetter<float>? getWeight = weight is null ? null : cursor.GetGetter<float>(weight.Value);

        var featureBuffer = new Growable(columns * 1024);
        var labelBuffer = new Growable(1024);
        var weightBuffer = weight is null ? null : new Growable(1024);
        VBuffer<float> vector = default;
        var dense = new float[columns];
        long position = -1, skippedLabel = 0, skippedFeatures = 0;
        int rows = 0;
        while (cursor.MoveNext())
        {
            position++;
            if ((position & 4095) == 0) cancellation.ThrowIfCancellationRequested();
            float y = getLabel();
            if (float.IsNaN(y))
            {
                skippedLabel++;
                continue;
            }
            if (float.IsInfinity(y))
                throw new InvalidOperationException($"Label column '{labelColumn}' is {y} in row {position}; labels must be finite.");

            getFeatures(ref vector);
            if (vector.Length != columns)
                throw new InvalidOperationException($"Feature column '{featureColumn}' has {vector.Length} values in row {position}; {columns} expected.");
            vector.CopyTo(dense);
            int bad = FirstNonFinite(dense);
            if (bad >= 0)
            {
                if (skipNonFiniteFeatures)
                {
                    skippedFeatures++;
                    continue;
                }
                throw new InvalidOperationException(
                    $"Feature column '{featureColumn}' holds {dense[bad]} at slot {bad} in row {position}; features must be finite and within ±{FeatureLimits.MaxMagnitude:G3}. " +
                    "Add ml.Transforms.ReplaceMissingValues(...) before the trainer, or set SkipRowsWithNonFiniteFeatures = true to skip such rows.");
            }

            if (getWeight is not null)
            {
                float w = 0;
                getWeight(ref w);
                if (!float.IsFinite(w) || w < 0)
                    throw new InvalidOperationException($"Weight column '{weightColumn}' is {w} in row {position}; weights must be finite and ≥ 0.");
                weightBuffer!.Add(w);
            }
            featureBuffer.Add(dense);
            labelBuffer.Add(y);
            rows++;
        }

        return new LabeledData(featureBuffer.ToArray(), labelBuffer.ToArray(), weightBuffer?.ToArray(), rows, columns)
        {
            SkippedMissingLabel = skippedLabel,
            SkippedNonFiniteFeatures = skippedFeatures,
        };
    }

    /// <summary>A label getter returning 0/1 (binary), a 0-based class index (multiclass, NaN for key 0 = missing)
    /// or the value (regression, NaN = missing).</summary>
    private static Func<float> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column label, BackpropTask task)
    {
        switch (task)
        {
            case BackpropTask.BinaryClassification:
            {
                var getter = cursor.GetGetter<bool>(label);
                bool value = false;
                return () => { getter(ref value); return value ? 1f : 0f; };
            }
            case BackpropTask.MulticlassClassification:
            {
                var getter = cursor.GetGetter<uint>(label);
                uint value = 0;
                return () => { getter(ref value); return value == 0 ? float.NaN : value - 1; };
            }
            default:
            {
                var getter = cursor.GetGetter<float>(label);
                float value = 0;
                return () => { getter(ref value); return value; };
            }
        }
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++) if (!FeatureLimits.IsUsable(values[i])) return i;
        return -1;
    }

    /// <summary>An append-only float buffer that doubles its capacity.</summary>
    private sealed class Growable(int capacity)
    {
        private float[] _items = new float[Math.Max(16, capacity)];
        private int _count;

        public void Add(float value)
        {
            if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
            _items[_count++] = value;
        }

        public void Add(ReadOnlySpan<float> values)
        {
            while (_count + values.Length > _items.Length) Array.Resize(ref _items, _items.Length * 2);
            values.CopyTo(_items.AsSpan(_count));
            _count += values.Length;
        }

        public float[] ToArray() => _items.AsSpan(0, _count).ToArray();
    }
}
