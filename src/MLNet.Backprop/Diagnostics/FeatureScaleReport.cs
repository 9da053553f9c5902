using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>Mean and standard deviation of every input feature of the training data: what the input-scale check
/// looks at before training.</summary>
internal sealed class FeatureScaleReport
{
    private FeatureScaleReport(string[] names, double[] means, double[] deviations)
    {
        Names = names;
        Means = means;
        StandardDeviations = deviations;
    }

    /// <summary>Feature names (slot names when known, else "feature 0", "feature 1"...).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Mean of each feature (weighted equally per row).</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>Population standard deviation of each feature.</summary>
    public IReadOnlyList<double> StandardDeviations { get; }

    /// <summary>Computes the report from training data.</summary>
    /// <param name="data">The training examples.</param>
    /// <param name="names">One name per column, or null for "feature i".</param>
    /// <exception cref="ArgumentException"><paramref name="names"/> does not have one entry per column.</exception>
    public static FeatureScaleReport Compute(TrainingData data, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var accumulator = new Accumulator(data.Columns);
        for (int r = 0; r < data.Rows; r++) accumulator.Add(data.Features.AsSpan(r * data.Columns, data.Columns));
        return accumulator.ToReport(names);
    }

    /// <summary>Sums and squares per column, one row at a time (also used while streaming).</summary>
    internal sealed class Accumulator(int columns)
    {
        private readonly double[] _sum = new double[columns], _squares = new double[columns];
        private long _rows;

        public void Add(ReadOnlySpan<float> row)
        {
            for (int c = 0; c < columns; c++)
            {
                double v = row[c];
                _sum[c] += v;
                _squares[c] += v * v;
            }
            _rows++;
        }

        public FeatureScaleReport ToReport(IReadOnlyList<string>? names)
        {
            if (names is not null && names.Count != columns)
                throw new ArgumentException($"{names.Count} names for {columns} feature columns.", nameof(names));
            var means = new double[columns];
            var deviations = new double[columns];
            for (int c = 0; c < columns && _rows > 0; c++)
            {
                means[c] = _sum[c] / _rows;
                deviations[c] = Math.Sqrt(Math.Max(0, _squares[c] / _rows - means[c] * means[c]));
            }
            string[] labels = names?.Select((n, i) => string.IsNullOrEmpty(n) ? $"feature {i}" : n).ToArray()
                ?? Enumerable.Range(0, columns).Select(i => $"feature {i}").ToArray();
            return new FeatureScaleReport(labels, means, deviations);
        }
    }

    /// <summary>True when feature <paramref name="column"/> is (numerically) constant.</summary>
    internal bool IsConstant(int column) => StandardDeviations[column] <= 1e-6 * Math.Max(1, Math.Abs(Means[column]));
}
