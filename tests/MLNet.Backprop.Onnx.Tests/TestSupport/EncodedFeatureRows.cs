using Microsoft.ML.Data;

namespace MLNet.Backprop.Onnx.Tests.TestSupport;

/// <summary>Rows for the numeric encodings' export tests: a step, a sine and a square of three features, the fourth
/// constant in training; test rows (spread &gt; 1) reach beyond the training range.</summary>
internal static class EncodedFeatureRows
{
    public sealed class Row
    {
        [VectorType(4)] public float[] Features { get; set; } = [];
        public float Value { get; set; }
        public bool Positive { get; set; }
    }

    /// <param name="count">Rows.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="spread">Factor on the features' range (1 for training rows).</param>
    /// <param name="rawUnits">Features in raw units, offsets and scales far from 0 and 1 (so that a stored
    /// standardisation is exercised), instead of as drawn.</param>
    public static List<Row> Rows(int count, int seed, float spread = 1f, bool rawUnits = false)
    {
        var random = new Random(seed);
        float Next() => spread * (float)(random.NextDouble() * 4 - 2);
        return Enumerable.Range(0, count).Select(_ =>
        {
            float[] x = [Next(), Next(), Next(), spread == 1f ? 2f : Next()];
            float value = (x[0] > 0.5f ? 1f : 0f) + MathF.Sin(2 * x[1]) + 0.3f * x[2] * x[2];
            float[] features = rawUnits ? [1000f + 50f * x[0], 0.01f * x[1], -20f + x[2], x[3]] : x;
            return new Row { Features = features, Value = value, Positive = value > 0.8f };
        }).ToList();
    }
}
