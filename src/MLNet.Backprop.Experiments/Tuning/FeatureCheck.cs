using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Experiments.Tuning;

/// <summary>
/// The rows whose features the trainer refuses (NaN, ±∞ or beyond ±1e15, the trainer's limit), found once before the
/// folds: a fold's training side would refuse them with a row number of the fold, and its held-out side could only be
/// scored by throwing. Without <see cref="BackpropTrainer.Options.SkipRowsWithNonFiniteFeatures"/> the first one is an
/// error naming the row of the data; with it they are left out of every held-out side, as the trainer leaves them out
/// of training.
/// </summary>
internal static class FeatureCheck
{
    private const float MaxMagnitude = 1e15f; // the trainer's FeatureLimits.MaxMagnitude

    /// <summary>The rows to leave out, or null when every row is usable (or the column is not a known-size Single
    /// vector: the trainer names that problem itself).</summary>
    /// <exception cref="InvalidOperationException">A row is unusable and the options do not skip such rows.</exception>
    public static bool[]? Unusable(IDataView data, BackpropTrainer.Options options)
    {
        if (Scan(data, options.FeatureColumnName, MaxMagnitude) is not { } rows) return null;
        var unusable = new List<bool>();
        bool any = false;
        foreach (var bad in rows)
        {
            unusable.Add(bad is not null);
            if (bad is not { } b) continue;
            any = true;
            if (!options.SkipRowsWithNonFiniteFeatures)
                throw new InvalidOperationException($"Feature column '{options.FeatureColumnName}' holds {b.Value} at slot {b.Slot} in row {b.Row} (counting from 0); " +
                    $"features must be finite and within ±{MaxMagnitude:G3}. Replace missing values (ReplaceMissingValues) before tuning, " +
                    "or set SkipRowsWithNonFiniteFeatures to leave such rows out.");
        }
        return any ? [.. unusable] : null;
    }

    /// <summary>For each row, in cursor order, its first feature that is NaN or beyond <paramref name="limit"/> in
    /// magnitude (the row, the slot and the value), or null when it has none; null instead of the rows when the column
    /// is not a known-size Single vector.</summary>
    public static IEnumerable<(long Row, int Slot, float Value)?>? Scan(IDataView data, string featureColumn, float limit)
    {
        if (data.Schema.GetColumnOrNull(featureColumn) is not { Type: VectorDataViewType { Size: > 0, ItemType: NumberDataViewType item } } column
            || item != NumberDataViewType.Single)
            return null;
        return Rows(data, column, limit);
    }

    private static IEnumerable<(long Row, int Slot, float Value)?> Rows(IDataView data, DataViewSchema.Column column, float limit)
    {
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> features = default;
        while (cursor.MoveNext())
        {
            getter(ref features);
            var values = features.GetValues();
            int bad = -1;
            for (int i = 0; i < values.Length && bad < 0; i++) if (!(MathF.Abs(values[i]) <= limit)) bad = i;
            yield return bad < 0 ? null : (cursor.Position, features.IsDense ? bad : features.GetIndices()[bad], values[bad]);
        }
    }
}
