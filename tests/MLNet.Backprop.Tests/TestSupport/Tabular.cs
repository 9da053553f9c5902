using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.TestSupport;

public sealed class TabularRow
{
    [VectorType(4)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    public string Class { get; set; } = "";

    public float Value { get; set; }

    public float Weight { get; set; } = 1f;
}

/// <summary>Generated tabular data with non-linear structure: a linear model cannot fit it, an MLP can. Public API
/// only (System.Random), so other test projects link this file.</summary>
internal static class Tabular
{
    /// <summary>Label = x0·x1 + 0.5·x2 &gt; 0; Class by the quadrant of (x0, x1) ("NE", "NW", "S"); Value = sin(2x0) + x1² + 0.1·noise.</summary>
    public static List<TabularRow> Rows(int count, ulong seed)
    {
        var random = new Random((int)seed);
        double Gaussian() => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
        var rows = new List<TabularRow>(count);
        for (int i = 0; i < count; i++)
        {
            var x = new float[4];
            for (int j = 0; j < 4; j++) x[j] = (float)Gaussian();
            rows.Add(new TabularRow
            {
                Features = x,
                Label = x[0] * x[1] + 0.5f * x[2] > 0,
                Class = x[1] < 0 ? "S" : x[0] > 0 ? "NE" : "NW",
                Value = (float)(Math.Sin(2 * x[0]) + x[1] * x[1] + 0.1 * Gaussian()),
            });
        }
        return rows;
    }

    public static IDataView Load(MLContext ml, int count, ulong seed) => ml.Data.LoadFromEnumerable(Rows(count, seed));

    /// <summary><see cref="Rows"/> with features of scales 1e5, 0.01, 1 and 300 around offsets far from 0: what a network
    /// on the raw values trains badly on.</summary>
    public static List<TabularRow> WildScales(int count, ulong seed) => Rows(count, seed).Select(r =>
    {
        r.Features = [1e5f * r.Features[0] + 3e5f, 0.01f * r.Features[1] - 0.5f, r.Features[2], 300f * r.Features[3] + 1000f];
        return r;
    }).ToList();
}
