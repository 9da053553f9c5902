using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>Mean and standard deviation of every input feature of the training data, with the features' names: what
/// the input-scale check looks at.</summary>
internal sealed class FeatureScaleReport
{
    private FeatureScaleReport(IReadOnlyList<string> names, IReadOnlyList<double> means, IReadOnlyList<double> deviations)
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

    /// <summary>The scales of the rows a <see cref="DataSummary"/> counted.</summary>
    /// <param name="summary">The counting pass over the training rows.</param>
    /// <param name="names">One name per column, or null for "feature i".</param>
    public static FeatureScaleReport From(DataSummary summary, IReadOnlyList<string>? names = null)
    {
        if (names is not null && names.Count != summary.Columns)
            throw new ArgumentException($"{names.Count} names for {summary.Columns} feature columns.", nameof(names));
        return new FeatureScaleReport(new FeatureNames(names, summary.Columns), summary.FeatureMeans, summary.FeatureDeviations);
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
