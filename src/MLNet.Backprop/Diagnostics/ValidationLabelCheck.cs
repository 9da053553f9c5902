namespace MLNet.Backprop.Diagnostics;

/// <summary>Regression validation labels far beyond the training labels (<see cref="FindingKind.DistantValidationLabels"/>),
/// found before training: they are not refused (validation data may differ), but the user is told.</summary>
internal static class ValidationLabelCheck
{
    /// <summary>How many training standard deviations from the training labels' mean a validation label may lie before it
    /// is named: 1e4. A label z σ away adds z²/n to the mean squared validation loss (in σ² units) of n rows, where a
    /// model's loss on the others is below the constant prediction's, about 1: at 1e4 one row outweighs the rest of any
    /// validation set under 1e8 rows (with Huber, ≈ δ·z/n: under 1e4 rows), so early stopping and the kept epoch follow
    /// that row alone. The same 1e4 as the label magnitude the trainer names when regression on raw labels diverges.</summary>
    public const double FarStandardDeviations = 1e4;

    /// <summary>The finding for the validation targets, or null when none lies beyond <see cref="FarStandardDeviations"/>.</summary>
    /// <param name="targets">The validation targets as the network sees them.</param>
    /// <param name="standardization">How the targets were standardised (with the training labels' mean and deviation), or
    /// identity.</param>
    /// <param name="trainingMean">The training labels' mean (used when the targets are not standardised).</param>
    /// <param name="trainingDeviation">The training labels' standard deviation.</param>
    /// <param name="column">The label column.</param>
    /// <param name="heldOut">True when the validation rows were held out of the training data, false when given to Fit.</param>
    public static Finding? Check(ReadOnlySpan<float> targets, Training.Standardization standardization, double trainingMean, double trainingDeviation,
        string column, bool heldOut)
    {
        if (!(trainingDeviation > 0)) return null; // constant training labels: no deviation to count in
        bool standardized = standardization.ChangesTarget;
        double sd = standardized ? standardization.TargetScale : trainingDeviation;
        if (!(sd > 0) || !double.IsFinite(sd)) return null;
        int farthest = -1, beyond = 0;
        double largest = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            double z = standardized ? Math.Abs((double)targets[i]) : Math.Abs(targets[i] - trainingMean) / sd;
            if (!(z > FarStandardDeviations)) continue;
            beyond++;
            if (z > largest) (largest, farthest) = (z, i);
        }
        if (farthest < 0) return null;
        double mean = standardized ? standardization.TargetOffset : trainingMean;
        double label = standardized ? targets[farthest] * sd + mean : targets[farthest];
        string row = heldOut ? $"held-out row {farthest} (of the {targets.Length} training rows held out for validation)"
            : $"validation row {farthest} (0-based, among the rows with a label and usable features)";
        return new Finding
        {
            Kind = FindingKind.DistantValidationLabels,
            Severity = FindingSeverity.Warning,
            Column = column,
            Message = $"label column '{column}' holds, in {row}, the label {label:G4}, {largest:G3} training standard deviations from the training " +
                $"labels' mean {mean:G4} (standard deviation {sd:G4}); {beyond} of the {targets.Length} validation labels {(beyond == 1 ? "lies" : "lie")} beyond " +
                $"{FarStandardDeviations:G0} standard deviations. One such row outweighs the rest of the validation loss, which early stopping and " +
                "the kept epoch follow",
            Advice = "check the validation rows' labels (another unit, or a missing-value code such as 9999 or 3e38); fix or drop such rows, or " +
                "validate on rows drawn like the training rows",
            Evidence = DiagnosisMath.Evidence(("Row", farthest), ("Label", label), ("StandardDeviations", largest), ("RowsBeyond", beyond)),
        };
    }
}
