using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>
/// Rows that carry their own position, for the streamed readers' tests: row i's first feature is i (its identity), so a
/// test can tell which rows an epoch, a block or a hold-out served; the second feature is zero in most rows, so the sparse
/// form holds rows of one and two non-zeros (row 0 holds no entry at all).
/// </summary>
internal static class NumberedRows
{
    private sealed class Row
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    /// <summary>Rows in <see cref="Data"/>.</summary>
    public const int Count = 1000;

    /// <summary>The rows: features [i, 1 every 7th row else 0, −i], label i divisible by 3.</summary>
    public static IDataView Data() => new MLContext(seed: 1).Data.LoadFromEnumerable(Enumerable.Range(0, Count)
        .Select(i => new Row { Features = [i, i % 7 == 0 ? 1f : 0f, -i], Label = i % 3 == 0 }));

    /// <summary>A binary classifier's cursor over "Features" and "Label".</summary>
    public static LabeledRowCursor Open(IDataView data) =>
        new(data, "Features", "Label", null, BackpropTask.BinaryClassification, skipBadFeatures: false, CancellationToken.None);

    /// <summary>The counting pass over <paramref name="data"/>.</summary>
    public static DataSummary Summary(IDataView data)
    {
        using var cursor = Open(data);
        var accumulator = new DataSummary.Accumulator(cursor.Columns, classification: true);
        while (cursor.TryRead(out float label, out float weight)) cursor.AddTo(accumulator, label, weight);
        return accumulator.ToSummary();
    }
}
