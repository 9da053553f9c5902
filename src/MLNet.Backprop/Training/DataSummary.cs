using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>
/// What one pass over the training rows learns about them, whether they sit in memory or are streamed: the row count,
/// the weight of each class (or the label's weighted mean and variance), and each feature's mean and spread. Class
/// balancing, the constant-prediction baseline of the diagnosis and the input-scale check all start from it.
/// </summary>
internal sealed class DataSummary
{
    private readonly Dictionary<float, double> _classWeights;

    private DataSummary(long rows, int columns, Dictionary<float, double> classWeights, double weightSum, double labelMean,
        double labelVariance, double[] featureMeans, double[] featureDeviations, float labelMin = 0, float labelMax = 0)
    {
        LabelMin = labelMin;
        LabelMax = labelMax;
        Rows = rows;
        Columns = columns;
        _classWeights = classWeights;
        WeightSum = weightSum;
        LabelMean = labelMean;
        LabelVariance = labelVariance;
        FeatureMeans = featureMeans;
        FeatureDeviations = featureDeviations;
    }

    /// <summary>Rows seen.</summary>
    public long Rows { get; }

    /// <summary>Features per row.</summary>
    public int Columns { get; }

    /// <summary>Σ of the example weights (the row count without a weight column).</summary>
    public double WeightSum { get; }

    /// <summary>Σ of the example weights per label value, labels in order of first appearance (classification).</summary>
    public IReadOnlyDictionary<float, double> ClassWeights => _classWeights;

    /// <summary>Weighted mean of the label (regression).</summary>
    public double LabelMean { get; }

    /// <summary>Smallest and largest label of the rows (regression), whatever their weight.</summary>
    public float LabelMin { get; }

    /// <inheritdoc cref="LabelMin"/>
    public float LabelMax { get; }

    /// <summary>Weighted population variance of the label (regression).</summary>
    public double LabelVariance { get; }

    /// <summary>Mean of each feature, every row counting once.</summary>
    public IReadOnlyList<double> FeatureMeans { get; }

    /// <summary>Population standard deviation of each feature, every row counting once.</summary>
    public IReadOnlyList<double> FeatureDeviations { get; }

    /// <summary>A summary saved elsewhere (a shard set's manifest), read back; class weights in their saved order.</summary>
    public static DataSummary Restore(long rows, int columns, IEnumerable<KeyValuePair<float, double>> classWeights, double weightSum, double labelMean,
        double labelVariance, double[] featureMeans, double[] featureDeviations) =>
        new(rows, columns, new Dictionary<float, double>(classWeights), weightSum, labelMean, labelVariance, featureMeans, featureDeviations);

    /// <summary>The summary of in-memory rows (a single-value target per row), in row order; or of the rows
    /// <paramref name="rows"/> lists, in that order.</summary>
    public static DataSummary Of(TrainingData data, bool classification, IReadOnlyList<int>? rows = null)
    {
        var accumulator = new Accumulator(data.Columns, classification);
        int count = rows?.Count ?? data.Rows;
        for (int i = 0; i < count; i++)
        {
            int r = rows is null ? i : rows[i];
            accumulator.Add(data.Features.AsSpan(r * data.Columns, data.Columns), data.Targets[r * data.TargetWidth], data.Weights?[r] ?? 1f);
        }
        return accumulator.ToSummary();
    }

    /// <summary>Adds rows one at a time, as they are read (the streaming counting pass, or rows in memory).</summary>
    internal sealed class Accumulator(int columns, bool classification)
    {
        private readonly double[] _sum = new double[columns], _squares = new double[columns];
        private readonly Dictionary<float, double> _classWeights = [];
        private long _rows;
        private double _weightSum, _mean, _m2;
        private float _labelMin = float.PositiveInfinity, _labelMax = float.NegativeInfinity;

        public void Add(ReadOnlySpan<float> features, float label, float weight)
        {
            ColumnMoments.Add(features.Slice(0, columns), _sum, _squares);
            _rows++;
            if (classification)
            {
                _classWeights[label] = _classWeights.GetValueOrDefault(label) + weight;
                _weightSum += weight;
                return;
            }
            _labelMin = MathF.Min(_labelMin, label);
            _labelMax = MathF.Max(_labelMax, label);
            // West's weighted form of Welford's update: no cancellation for labels far from 0 (e.g. prices).
            if (weight == 0f) return;
            _weightSum += weight;
            double delta = label - _mean;
            _mean += weight / _weightSum * delta;
            _m2 += weight * delta * (label - _mean);
        }

        public DataSummary ToSummary()
        {
            var means = new double[columns];
            var deviations = new double[columns];
            for (int c = 0; c < columns && _rows > 0; c++)
            {
                means[c] = _sum[c] / _rows;
                deviations[c] = Math.Sqrt(Math.Max(0, _squares[c] / _rows - means[c] * means[c]));
            }
            double variance = _weightSum > 0 && !classification ? Math.Max(0, _m2 / _weightSum) : 0;
            bool labels = !classification && _rows > 0;
            return new DataSummary(_rows, columns, _classWeights, _weightSum, classification ? 0 : _mean, variance, means, deviations,
                labels ? _labelMin : 0, labels ? _labelMax : 0);
        }
    }
}
