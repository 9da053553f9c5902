using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Benchmarks;

/// <summary>Gaussian features with a linear 0/1 label as an <see cref="IDataView"/> (Features: a known-size vector, Label: Boolean).</summary>
internal static class FitData
{
    public static IDataView View(MLContext ml, int columns, int rows)
    {
        var random = new Random(5);
        var data = new Row[rows];
        for (int r = 0; r < rows; r++)
        {
            var x = new float[columns];
            for (int c = 0; c < columns; c++) x[c] = random.NextSingle() * 2f - 1f;
            data[r] = new Row { Features = x, Label = x[0] + 0.3f * x[1] > 0 };
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, columns);
        return ml.Data.LoadFromEnumerable(data, schema);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }
}
