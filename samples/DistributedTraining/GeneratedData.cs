using Microsoft.ML;
using Microsoft.ML.Data;

namespace DistributedTraining;

/// <summary>A generated binary problem: features from a normal distribution, the label from a fixed random two-layer
/// "teacher" network plus logistic noise, so an MLP can learn it and a linear model only partly.</summary>
internal static class GeneratedData
{
    public sealed class Row
    {
        [VectorType]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public static IDataView Load(MLContext ml, int rows, int features, int seed)
    {
        var teacher = new Random(1000 + features);
        var w1 = Enumerable.Range(0, features * 8).Select(_ => (float)(teacher.NextDouble() * 2 - 1)).ToArray();
        var w2 = Enumerable.Range(0, 8).Select(_ => (float)(teacher.NextDouble() * 2 - 1)).ToArray();
        var random = new Random(seed);
        var data = new List<Row>(rows);
        for (int r = 0; r < rows; r++)
        {
            var x = new float[features];
            for (int j = 0; j < features; j++) x[j] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            double z = 0;
            for (int h = 0; h < 8; h++)
            {
                double a = 0;
                for (int j = 0; j < features; j++) a += x[j] * w1[j * 8 + h];
                z += w2[h] * Math.Tanh(a / Math.Sqrt(features));
            }
            double p = 1 / (1 + Math.Exp(-4 * z));
            data.Add(new Row { Features = x, Label = random.NextDouble() < p });
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return ml.Data.LoadFromEnumerable(data, schema);
    }
}
