using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Fingerprints;

/// <summary>The data sets of the fingerprint runs: the Telco churn split and small generated problems (a fixed
/// System.Random seed, so both revisions of a comparison see the same values).</summary>
internal static class Data
{
    public sealed class Row
    {
        [VectorType(8)] public float[] Features { get; set; } = [];
        public bool Binary { get; set; }
        public uint Class { get; set; }
        public float Value { get; set; }
        public float Weight { get; set; }
    }

    public static (IDataView Train, IDataView Test) Churn(MLContext ml)
    {
        if (Telco.Directory is null) throw new InvalidOperationException(Telco.SkipReason);
        var (train, test) = Telco.Load(ml);
        var featurizer = Telco.Featurizer(ml).Fit(train);
        return (ml.Data.Cache(featurizer.Transform(train)), ml.Data.Cache(featurizer.Transform(test)));
    }

    /// <summary>Rows with 8 features and three labels of every kind: a binary label, a 3-class key and a value.</summary>
    public static IDataView Generated(MLContext ml, int rows, int seed)
    {
        var random = new Random(seed);
        var list = new List<Row>(rows);
        for (int i = 0; i < rows; i++)
        {
            var x = new float[8];
            for (int j = 0; j < x.Length; j++) x[j] = (float)(random.NextDouble() * 4 - 2);
            double signal = Math.Sin(x[0] * 1.5) + 0.5 * x[1] * x[2] - 0.3 * x[3] + 0.2 * random.NextDouble();
            list.Add(new Row
            {
                Features = x,
                Binary = signal > 0.1,
                Class = signal < -0.4 ? 1u : signal < 0.5 ? 2u : 3u,
                Value = (float)(3 * signal + 0.1 * x[4]),
                Weight = (float)(0.5 + random.NextDouble()),
            });
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Class)].ColumnType = new KeyDataViewType(typeof(uint), 3);
        return ml.Data.Cache(ml.Data.LoadFromEnumerable(list, schema));
    }
}
