using Microsoft.ML;

namespace MLNet.Backprop;

/// <summary>
/// Reads the feature, label and weight columns of an <see cref="IDataView"/> once, sequentially, into contiguous
/// arrays (training then shuffles indices, so featurizers upstream run once, not once per epoch).
/// </summary>
/// <remarks>Memory: when the view knows its row count the arrays are allocated once at their final size (peak ≈ the
/// data itself); otherwise they grow by doubling and are trimmed at the end (peak ≤ 3× the data).</remarks>
internal static class DataViewReader
{
    public static LabeledData Read(IDataView data, string featureColumn, string labelColumn, string? weightColumn,
        BackpropTask task, bool skipBadFeatures, CancellationToken cancellation)
    {
        using var cursor = new LabeledRowCursor(data, featureColumn, labelColumn, weightColumn, task, skipBadFeatures, cancellation);
        int columns = cursor.Columns;
        long known = data.GetRowCount() ?? -1;
        long capacity = known >= 0 ? known : 1024;
        if (capacity * columns > Array.MaxLength)
            throw new InvalidOperationException($"{known} rows × {columns} features do not fit in one array; use DataLoading = Streaming.");
        var features = new float[Math.Max(1, capacity) * columns];
        var labels = new float[Math.Max(1, capacity)];
        var weights = weightColumn is null ? null : new float[labels.Length];
        int rows = 0;
        while (true)
        {
            if (rows == labels.Length)
            {
                long grown = Math.Min((long)labels.Length * 2, Array.MaxLength / columns);
                if (grown <= labels.Length) throw new InvalidOperationException($"More than {rows} rows × {columns} features do not fit in one array; use DataLoading = Streaming.");
                Array.Resize(ref features, (int)grown * columns);
                Array.Resize(ref labels, (int)grown);
                if (weights is not null) Array.Resize(ref weights, (int)grown);
            }
            if (!cursor.TryRead(features.AsSpan(rows * columns, columns), out labels[rows], out float weight)) break;
            if (weights is not null) weights[rows] = weight;
            rows++;
        }
        if (rows * columns != features.Length)
        {
            Array.Resize(ref features, rows * columns);
            Array.Resize(ref labels, rows);
            if (weights is not null) Array.Resize(ref weights, rows);
        }
        return new LabeledData(features, labels, weights, rows, columns)
        {
            SkippedMissingLabel = cursor.SkippedMissingLabel,
            SkippedNonFiniteFeatures = cursor.SkippedBadFeatures,
        };
    }
}
