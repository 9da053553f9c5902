using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>Training data that carries nothing to learn, found before training from the counting pass: every feature
/// constant over the training rows (<see cref="FindingKind.ConstantFeatures"/>), or a regression label that never varies
/// (<see cref="FindingKind.ConstantLabel"/>). With either, the training dynamics say nothing about the settings: on 100
/// rows of features [1, 1, 1, 1] and alternating binary labels the defaults' run was diagnosed as exploding gradients
/// (the norm of a gradient that can only move the output bias grew 106× while the loss stayed at ln 2) and vanishing
/// gradients advising ReLU; on a label of 5 in every row, as a learning rate too high (a loss near 0 "jumped to 2.44×
/// its best"). The diagnosis then keeps these findings and drops the ones read from the training dynamics
/// (<see cref="DiagnosisContext.NothingToLearn"/>).</summary>
/// <remarks>A finding, not an error: the model a fit returns is still the best the rows allow (the classes' shares, or
/// the label's value), as ML.NET's own trainers return one on such rows, and a pipeline fitted on many slices of a data
/// set should not fail on the one slice that is degenerate.</remarks>
internal static class DegenerateDataCheck
{
    /// <summary>How many constant features the message lists with their values before "and N more".</summary>
    private const int Listed = 5;

    /// <summary>Whether a column of this mean and standard deviation is (numerically) constant: the rule by which
    /// standardisation leaves a constant feature's scale at 1 and the input-scale check passes over it.</summary>
    public static bool IsConstant(double mean, double deviation) =>
        !(deviation > 1e-6 * Math.Max(1, Math.Abs(mean)));

    /// <summary>The finding when every feature of <paramref name="summary"/>'s rows is constant, else null (no feature,
    /// or categorical columns, whose embeddings may still tell the rows apart).</summary>
    /// <param name="summary">The counting pass over the training rows.</param>
    /// <param name="names">One name per feature slot, or null for "feature i".</param>
    /// <param name="column">The features column.</param>
    /// <param name="hasCategorical">Whether the fit also reads categorical columns.</param>
    public static Finding? ConstantFeatures(DataSummary summary, IReadOnlyList<string>? names, string column, bool hasCategorical)
    {
        int count = summary.Columns;
        if (hasCategorical || count == 0 || summary.Rows == 0) return null;
        for (int c = 0; c < count; c++)
            if (!IsConstant(summary.FeatureMeans[c], summary.FeatureDeviations[c])) return null;
        string Name(int c) => names is not null && c < names.Count && !string.IsNullOrEmpty(names[c]) ? names[c] : $"feature {c}";
        string values = string.Join(", ", Enumerable.Range(0, Math.Min(count, Listed)).Select(c => $"'{Name(c)}' = {summary.FeatureMeans[c]:G4}")) +
            (count > Listed ? $" and {count - Listed} more" : "");
        return new Finding
        {
            Kind = FindingKind.ConstantFeatures,
            Severity = FindingSeverity.Critical,
            Column = column,
            Message = $"every one of the {count} features in column '{column}' is constant over the {summary.Rows} training rows ({values}): the " +
                "network cannot tell one row from another, so it predicts the same for every row (the label's average or the classes' shares), " +
                "whatever the learning rate, activation or architecture",
            Advice = $"check how '{column}' is built: the columns concatenated into it (a wrong or misspelt column, a transform fitted on other rows, " +
                "a join or parse that left one value), and whether the training rows were filtered down to one group",
            Evidence = DiagnosisMath.Evidence(("Features", count), ("Rows", summary.Rows)),
        };
    }

    /// <summary>The finding when the regression label of <paramref name="summary"/>'s rows never varies, else null.</summary>
    /// <param name="summary">The counting pass over the training rows (the label's weighted mean and variance).</param>
    /// <param name="column">The label column.</param>
    public static Finding? ConstantLabel(DataSummary summary, string column)
    {
        double mean = summary.LabelMean, deviation = Math.Sqrt(Math.Max(0, summary.LabelVariance));
        if (!(summary.WeightSum > 0) || !double.IsFinite(mean) || !IsConstant(mean, deviation)) return null;
        return new Finding
        {
            Kind = FindingKind.ConstantLabel,
            Severity = FindingSeverity.Warning,
            Column = column,
            Message = $"label column '{column}' is {mean:G6} in every one of the {summary.Rows} training rows (standard deviation {deviation:G3}): there " +
                $"is nothing to learn, and the model predicts about {mean:G6} for every row; the training loss is the noise of a prediction already at the label",
            Advice = $"check the label column '{column}' (a wrong column, a label filled with one default value, or training rows filtered down to one " +
                "value); if the label is constant by design, the constant needs no model",
            Evidence = DiagnosisMath.Evidence(("LabelMean", mean), ("LabelStandardDeviation", deviation), ("Rows", summary.Rows)),
        };
    }

    /// <summary>Whether <paramref name="finding"/> says the data carries nothing to learn.</summary>
    public static bool Is(Finding finding) => finding.Kind is FindingKind.ConstantFeatures or FindingKind.ConstantLabel;
}
