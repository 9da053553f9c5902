namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// A generated binary-classification data set: standard Gaussian features labelled by a fixed random teacher network
/// (one tanh layer of 16 units, a little label noise). Both sides train on these very arrays: ML.NET reads them through
/// an <c>IDataView</c>, TorchSharp through tensors made from them.
/// </summary>
internal sealed class SyntheticData
{
    private const int TeacherUnits = 16;

    private SyntheticData(int rows, int columns, float[] features, float[] labels)
    {
        Rows = rows;
        Columns = columns;
        Features = features;
        Labels = labels;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Row-major features, <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public float[] Features { get; }

    /// <summary>The labels, 0 or 1, one per row.</summary>
    public float[] Labels { get; }

    /// <summary>Share of rows labelled 1.</summary>
    public double PositiveShare => Labels.Average();

    /// <summary>Generates <paramref name="rows"/> rows; the same seed gives the same data.</summary>
    public static SyntheticData Generate(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var features = new float[(long)rows * columns];
        for (long i = 0; i < features.LongLength; i++) features[i] = Gaussian(random);

        var hidden = new float[columns * TeacherUnits];
        for (int i = 0; i < hidden.Length; i++) hidden[i] = Gaussian(random) / MathF.Sqrt(columns);
        var output = new float[TeacherUnits];
        for (int j = 0; j < TeacherUnits; j++) output[j] = Gaussian(random);

        var labels = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            var x = features.AsSpan(r * columns, columns);
            float logit = 0.1f * Gaussian(random);
            for (int j = 0; j < TeacherUnits; j++)
            {
                float z = 0;
                for (int c = 0; c < columns; c++) z += x[c] * hidden[c * TeacherUnits + j];
                logit += output[j] * MathF.Tanh(z);
            }
            labels[r] = logit > 0 ? 1f : 0f;
        }
        return new SyntheticData(rows, columns, features, labels);
    }

    private static float Gaussian(Random random)
    {
        double u = 1.0 - random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }
}
