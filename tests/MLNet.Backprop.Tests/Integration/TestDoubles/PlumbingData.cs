using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.Integration.TestDoubles;

public sealed class BinaryRow
{
    public bool Label { get; set; }

    [VectorType(3)]
    public float[] Features { get; set; } = [];
}

public sealed class MulticlassRow
{
    public string Label { get; set; } = "";

    [VectorType(3)]
    public float[] Features { get; set; } = [];
}

public sealed class RegressionRow
{
    public float Label { get; set; }

    [VectorType(3)]
    public float[] Features { get; set; } = [];
}

public sealed class BinaryPrediction
{
    public float Score { get; set; }

    public float Probability { get; set; }

    public bool PredictedLabel { get; set; }
}

public sealed class MulticlassPrediction
{
    public float[] Score { get; set; } = [];

    public string PredictedClass { get; set; } = "";
}

/// <summary>Small deterministic data sets: well-separated clusters, so the test models score well.</summary>
internal static class PlumbingData
{
    public static readonly string[] Classes = ["lo", "mid", "hi"];

    public static readonly float[] RegressionWeights = [1.5f, -2f, 0.5f];

    public static List<BinaryRow> Binary(int n = 200, int seed = 1)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            bool label = rng.NextDouble() < 0.5;
            float center = label ? 1f : -1f;
            return new BinaryRow { Label = label, Features = Noise(rng, center, 0.8) };
        }).ToList();
    }

    public static List<MulticlassRow> Multiclass(int n = 300, int seed = 2)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            int c = rng.Next(3);
            return new MulticlassRow { Label = Classes[c], Features = Noise(rng, 2f * c, 0.5) };
        }).ToList();
    }

    public static List<RegressionRow> Regression(int n = 200, int seed = 3)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            var x = Noise(rng, 0f, 1.0);
            float y = RegressionWeights.Zip(x, (w, v) => w * v).Sum() + (float)(rng.NextDouble() - 0.5) * 0.1f;
            return new RegressionRow { Label = y, Features = x };
        }).ToList();
    }

    /// <summary>Reads a float column of a data view.</summary>
    public static float[] Floats(IDataView data, string column) => data.GetColumn<float>(column).ToArray();

    private static float[] Noise(Random rng, float center, double spread) =>
        [.. Enumerable.Range(0, 3).Select(_ => center + (float)((rng.NextDouble() - 0.5) * 2 * spread))];
}
