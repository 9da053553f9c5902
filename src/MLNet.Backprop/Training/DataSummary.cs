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
        double labelVariance, double[] featureMeans, IReadOnlyList<double> featureDeviations, float labelMin = 0, float labelMax = 0, long nonZeros = -1,
        int maxRowNonZeros = -1, IReadOnlyList<double>? featureNonZeros = null, double[]? featureSquares = null)
    {
        FeatureNonZeros = featureNonZeros;
        FeatureMeanSquares = featureSquares;
        NonZeros = nonZeros < 0 ? rows * columns : nonZeros;
        MaxRowNonZeros = maxRowNonZeros < 0 ? columns : maxRowNonZeros;
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

    /// <summary>Feature values that are not zero, over all rows (every value when not counted).</summary>
    public long NonZeros { get; }

    /// <summary>The most non-zero feature values of one row (the width when not counted).</summary>
    public int MaxRowNonZeros { get; }

    /// <summary>Rows in which each feature is not zero, or null when not counted (a restored summary).</summary>
    public IReadOnlyList<double>? FeatureNonZeros { get; }

    /// <summary>Mean of each feature's square, every row counting once, or null when not kept (a restored summary).</summary>
    public IReadOnlyList<double>? FeatureMeanSquares { get; }

    /// <summary>Share of the feature values that are not zero: <see cref="NonZeros"/> ÷ (rows × columns).</summary>
    public double Density => Rows == 0 ? 1 : NonZeros / ((double)Rows * Columns);

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

    /// <summary>A summary saved elsewhere (a shard set's manifest), read back; class weights in their saved order. The
    /// non-zero counts are −1 when unknown (the rows then count as dense).</summary>
    public static DataSummary Restore(long rows, int columns, IEnumerable<KeyValuePair<float, double>> classWeights, double weightSum, double labelMean,
        double labelVariance, double[] featureMeans, double[] featureDeviations, long nonZeros = -1, int maxRowNonZeros = -1) =>
        new(rows, columns, new Dictionary<float, double>(classWeights), weightSum, labelMean, labelVariance, featureMeans, featureDeviations,
            nonZeros: nonZeros, maxRowNonZeros: maxRowNonZeros);

    /// <summary>The summary of in-memory rows (a single-value target per row), in row order; or of the rows
    /// <paramref name="rows"/> lists, in that order.</summary>
    public static DataSummary Of(TrainingData data, bool classification, IReadOnlyList<int>? rows = null)
    {
        var accumulator = new Accumulator(data.Columns, classification);
        int count = rows?.Count ?? data.Rows;
        for (int i = 0; i < count; i++)
        {
            int r = rows is null ? i : rows[i];
            float label = data.Targets[r * data.TargetWidth], weight = data.Weights?[r] ?? 1f;
            if (data.IsSparse)
            {
                int from = data.SparseOffsets[r], entries = data.SparseOffsets[r + 1] - from;
                accumulator.AddSparse(data.SparseIndices.AsSpan(from, entries), data.SparseValues.AsSpan(from, entries), label, weight);
            }
            else accumulator.Add(data.Features.AsSpan(r * data.Columns, data.Columns), label, weight);
        }
        return accumulator.ToSummary();
    }

    /// <summary>Adds rows one at a time, as they are read (the streaming counting pass, or rows in memory).</summary>
    internal sealed class Accumulator(int columns, bool classification)
    {
        private readonly double[] _sum = new double[columns], _squares = new double[columns];
        private readonly int[] _nonZeroRows = new int[columns]; // whole counts: 4 bytes a column, not 8
        private readonly Dictionary<float, double> _classWeights = [];
        private long _rows, _nonZeros;
        private int _maxRowNonZeros;
        private double _weightSum, _mean, _m2;
        private float _labelMin = float.PositiveInfinity, _labelMax = float.NegativeInfinity;

        public void Add(ReadOnlySpan<float> features, float label, float weight)
        {
            var row = features.Slice(0, columns);
            ColumnMoments.Add(row, _sum, _squares);
            CountNonZeros(ColumnMoments.CountNonZeros(row, _nonZeroRows));
            AddLabel(label, weight);
        }

        /// <summary>A row given by its non-zero values and their slots (increasing): the same sums as its dense form, since
        /// the zeros add nothing.</summary>
        public void AddSparse(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, float label, float weight)
        {
            int nonZeros = 0;
            for (int k = 0; k < indices.Length; k++)
            {
                double v = values[k];
                if (v == 0) continue;
                _sum[indices[k]] += v;
                _squares[indices[k]] += v * v;
                _nonZeroRows[indices[k]] += 1;
                nonZeros++;
            }
            CountNonZeros(nonZeros);
            AddLabel(label, weight);
        }

        private void CountNonZeros(int count)
        {
            _nonZeros += count;
            _maxRowNonZeros = Math.Max(_maxRowNonZeros, count);
        }

        private void AddLabel(float label, float weight)
        {
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
            // The sums become the means and mean squares in place (the accumulator is done): per column of a 2²⁰-slot
            // hashed vector, each array is 8 MB.
            // and the deviations a formula over them, computed when read.
            double[] means = _sum, meanSquares = _squares;
            for (int c = 0; c < columns && _rows > 0; c++)
            {
                meanSquares[c] = _squares[c] / _rows;
                means[c] = _sum[c] / _rows;
            }
            var deviations = new Numerics.ComputedList(columns, c => Math.Sqrt(Math.Max(0, meanSquares[c] - means[c] * means[c])));
            double variance = _weightSum > 0 && !classification ? Math.Max(0, _m2 / _weightSum) : 0;
            bool labels = !classification && _rows > 0;
            return new DataSummary(_rows, columns, _classWeights, _weightSum, classification ? 0 : _mean, variance, means, deviations,
                labels ? _labelMin : 0, labels ? _labelMax : 0, _nonZeros, _maxRowNonZeros,
                new Numerics.ComputedList(columns, c => _nonZeroRows[c]), meanSquares);
        }
    }
}
