namespace MLNet.Backprop.Integration.Data;

/// <summary>Rows read from an <c>IDataView</c> into contiguous arrays: features, label (0/1, class index or value), weights.</summary>
internal sealed class LabeledData
{
    public LabeledData(float[] features, float[] labels, float[]? weights, int rows, int columns)
    {
        Features = features;
        Labels = labels;
        Weights = weights;
        Rows = rows;
        Columns = columns;
    }

    public float[] Features { get; }
    public float[] Labels { get; }
    public float[]? Weights { get; }
    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Rows skipped for a missing label (NaN, or key 0).</summary>
    public long SkippedMissingLabel { get; init; }

    /// <summary>Rows skipped for non-finite features (only when asked to skip them).</summary>
    public long SkippedNonFiniteFeatures { get; init; }

    /// <summary>A new data set made of the given rows, in that order.</summary>
    public LabeledData Select(IReadOnlyList<int> rows)
    {
        var features = new float[rows.Count * Columns];
        var labels = new float[rows.Count];
        var weights = Weights is null ? null : new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            int r = rows[i];
            Array.Copy(Features, r * Columns, features, i * Columns, Columns);
            labels[i] = Labels[r];
            if (weights is not null) weights[i] = Weights![r];
        }
        return new LabeledData(features, labels, weights, rows.Count, Columns);
    }
}
