using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>Mean and standard deviation of every input feature of the training data, with the features' names: what
/// the input-scale check looks at. For a sparse input, the typical size of each feature's non-zero values instead (a
/// rare n-gram's deviation is tiny whatever its values, and the sparse path never centres).</summary>
internal sealed class FeatureScaleReport
{
    private FeatureScaleReport(IReadOnlyList<string> names, IReadOnlyList<double> means, IReadOnlyList<double> deviations,
        IReadOnlyList<double>? nonZeroMagnitudes = null)
    {
        Names = names;
        Means = means;
        StandardDeviations = deviations;
        NonZeroMagnitudes = nonZeroMagnitudes;
    }

    /// <summary>For a sparse input: each feature's root mean square over the rows where it is not zero (0 for a feature
    /// that is zero in every row); null for a dense input.</summary>
    public IReadOnlyList<double>? NonZeroMagnitudes { get; }

    /// <summary>Feature names (slot names when known, else "feature 0", "feature 1"...).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Mean of each feature (weighted equally per row).</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>Population standard deviation of each feature.</summary>
    public IReadOnlyList<double> StandardDeviations { get; }

    /// <summary>The scales of the rows a <see cref="DataSummary"/> counted.</summary>
    /// <param name="summary">The counting pass over the training rows.</param>
    /// <param name="names">One name per column, or null for "feature i".</param>
    public static FeatureScaleReport From(DataSummary summary, IReadOnlyList<string>? names = null)
    {
        if (names is not null && names.Count != summary.Columns)
            throw new ArgumentException($"{names.Count} names for {summary.Columns} feature columns.", nameof(names));
        return new FeatureScaleReport(new FeatureNames(names, summary.Columns), summary.FeatureMeans, summary.FeatureDeviations);
    }

    /// <summary>The scales of sparse rows: the size of each feature's non-zero values, from the counting pass's sums
    /// (nothing is expanded); the dense report when the summary has no non-zero counts.</summary>
    public static FeatureScaleReport FromSparse(DataSummary summary, IReadOnlyList<string>? names = null)
    {
        var report = From(summary, names);
        if (summary.FeatureNonZeros is not { } counts || summary.FeatureMeanSquares is not { } squares) return report;
        long rows = summary.Rows;
        // Computed when read (the check reads each once): no third per-feature array beside the summary's.
        var magnitudes = new Numerics.ComputedList(summary.Columns, c => counts[c] > 0 ? Math.Sqrt(squares[c] * rows / counts[c]) : 0);
        return new FeatureScaleReport(report.Names, report.Means, report.StandardDeviations, magnitudes);
    }

    /// <summary>True when feature <paramref name="column"/> is (numerically) constant.</summary>
    internal bool IsConstant(int column) => StandardDeviations[column] <= 1e-6 * Math.Max(1, Math.Abs(Means[column]));

    /// <summary>Names made when asked for: a hashed bag of words has a million features, and the check names only a few.</summary>
    private sealed class FeatureNames(IReadOnlyList<string>? names, int count) : IReadOnlyList<string>
    {
        public int Count => count;

        public string this[int index] => names is not null && !string.IsNullOrEmpty(names[index]) ? names[index] : $"feature {index}";

        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 0; i < count; i++) yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
