using Microsoft.ML;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Rows with two id columns and a number (a value made of a per-user group effect, a per-item effect and the
/// number), for the tests of embedding tables' statistics, findings and reports.</summary>
internal static class KeyedRows
{
    public sealed class Row
    {
        public string User { get; set; } = "";
        public string Item { get; set; } = "";
        public float X { get; set; }
        public float Value { get; set; }
    }

    public static List<Row> Make(int count, int seed, int users = 30, int items = 10)
    {
        var random = new Random(seed);
        float[] groupEffect = [-1.5f, 0.2f, 1.4f];
        return Enumerable.Range(0, count).Select(_ =>
        {
            int u = random.Next(users), i = random.Next(items);
            float x = (float)random.NextDouble() * 2 - 1;
            float value = groupEffect[u % 3] + 0.6f * MathF.Cos(2 * i) + 0.5f * x + 0.1f * (float)(random.NextDouble() - 0.5);
            return new Row { User = $"u{u}", Item = $"item{i}", X = x, Value = value };
        }).ToList();
    }

    public static BackpropTrainer.Options Options(string[] categorical, int epochs = 10, bool diagnostics = true) => new()
    {
        LabelColumnName = "Value", CategoricalColumnNames = categorical, HiddenLayers = [16], NumberOfEpochs = epochs, EnsembleSize = 1, Seed = 5,
        RecordDiagnostics = diagnostics,
    };

    /// <summary>UserKey and ItemKey from MapValueToKey fitted on <paramref name="keyRows"/>, and Features = X.</summary>
    public static IDataView Mapped(MLContext ml, IEnumerable<Row> rows, IEnumerable<Row>? keyRows = null)
    {
        var keys = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")]).Append(ml.Transforms.Concatenate("Features", "X"));
        var data = ml.Data.LoadFromEnumerable(rows);
        return keys.Fit(keyRows is null ? data : ml.Data.LoadFromEnumerable(keyRows)).Transform(data);
    }

    public static BackpropModel Train(MLContext ml, IDataView data, BackpropTrainer.Options options) =>
        ml.Regression.Trainers.Backprop(options).Fit(data).Model;
}
