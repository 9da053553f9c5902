using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// The generated data as a user would hand it to <c>Fit</c>: <c>LoadFromEnumerable</c> of row objects (Features: a
/// known-size Single vector, Label: Boolean) wrapped in <c>MLContext.Data.Cache</c>, whose cache is filled once here
/// (a cursor over every row and column) before any timed <c>Fit</c>. Building the rows and filling the cache is a
/// one-time cost, reported apart and not counted in any throughput.
/// </summary>
internal sealed class MlNetData
{
    private MlNetData(IDataView view, TimeSpan oneTimeCost)
    {
        View = view;
        OneTimeCost = oneTimeCost;
    }

    /// <summary>The cached, pre-filled view.</summary>
    public IDataView View { get; }

    /// <summary>Time to build the row objects and fill the cache.</summary>
    public TimeSpan OneTimeCost { get; }

    public static MlNetData Create(MLContext ml, SyntheticData data)
    {
        long start = Stopwatch.GetTimestamp();
        var rows = new Row[data.Rows];
        for (int r = 0; r < rows.Length; r++)
            rows[r] = new Row { Features = data.Features.AsSpan(r * data.Columns, data.Columns).ToArray(), Label = data.Labels[r] != 0 };
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.Columns);
        var view = ml.Data.Cache(ml.Data.LoadFromEnumerable(rows, schema));
        ReadAll(view);
        return new MlNetData(view, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>The faster of two <see cref="ReadAll"/> passes (the first may include JIT compilation).</summary>
    public static TimeSpan CursorPass(IDataView view) => TimeSpan.FromTicks(Math.Min(ReadAll(view).Ticks, ReadAll(view).Ticks));

    /// <summary>
    /// One pass of a cursor over the view reading Features and Label, the way <c>Fit</c> starts by copying its
    /// training rows into memory; timed on the filled cache, it shows the share of a <c>Fit</c> spent reading data.
    /// </summary>
    public static TimeSpan ReadAll(IDataView view)
    {
        long start = Stopwatch.GetTimestamp();
        var features = view.Schema[nameof(Row.Features)];
        var label = view.Schema[nameof(Row.Label)];
        using var cursor = view.GetRowCursor(view.Schema);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        var getLabel = cursor.GetGetter<bool>(label);
        VBuffer<float> vector = default;
        bool value = false;
        while (cursor.MoveNext())
        {
            getFeatures(ref vector);
            getLabel(ref value);
        }
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>One row as ML.NET's <c>LoadFromEnumerable</c> reads it.</summary>
    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }
}
