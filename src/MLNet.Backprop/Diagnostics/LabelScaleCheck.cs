namespace MLNet.Backprop.Diagnostics;

/// <summary>A regression label far from unit scale in a fit that trains on the label as given
/// (<see cref="BackpropTrainer.Options.StandardizeLabel"/> = false, in any mode), found before training from the counting pass's weighted mean and deviation. Told as
/// <see cref="FindingKind.UnnormalizedInputs"/> with <see cref="Finding.Column"/> naming the label column (the feature
/// findings name none).</summary>
/// <remarks>With StandardizeLabel = false in memory, 5-fold cross-validation with the defaults (tests/MLNet.Backprop.Quality,
/// seed 0) gave an R² of 0.13 on Boston housing (medv: mean 22.5, deviation 9.2), 0.55 on servo (21.2, 13.9) and −5.1 on
/// Ames (Sale_Price: 180,796, 79,873), against 0.86, 0.91 and 0.91 with it on (the default). The thresholds are the
/// micro-batch mode's (<see cref="LargeMagnitude"/>); in memory (300 Boston rows, the label standardised then shifted or
/// scaled, 20 epochs, Adam at its default rate) the training loss over the label's variance with StandardizeLabel off was
/// 0.071, 0.24, 1.0 at a mean of 3, 5, 10; 0.038, 0.049, 0.14 at a deviation of 3, 5, 10; 0.21, 0.52 at 0.1, 0.05; and
/// 0.054 with it on in every case: a deviation of 3 to 5 alone is told though it did not hurt there, with advice (the
/// default) that costs nothing.</remarks>
internal static class LabelScaleCheck
{
    /// <summary>The label's |mean| or standard deviation above which it is named: 3. The output layer is linear and starts
    /// near 0 with a spread of about 1, the scale a standardised label has. At S times that scale Adam and RMSprop, whose
    /// steps are about the learning rate whatever the gradient, need about S times the steps to reach the label (the output
    /// bias travels |μ|), while under SGD every gradient is S times larger, as with a learning rate S times higher.
    /// Measured on AdviceFollowedTests' scenario (300 Boston housing rows, features standardised, micro-batches of 8, one
    /// layer of 32, 10 epochs, Adam at its default rate), the last training loss over the label's variance: 0.40 on the
    /// standardised label; 0.59, 0.68, 0.79, 0.91 at a deviation of 3, 5, 10, 30; 0.87, 1.34, 1.47, 6.4, 456 at a mean of
    /// 3, 5, 7, 10, 30, the learning-rate finding blaming the learning rate from 5 on. Boston's medv (mean 22.5, deviation
    /// 9.2) is far beyond it.</summary>
    public const double LargeMagnitude = 3;

    /// <summary>The label's standard deviation below which it is named: 0.1. The same output spread of about 1 is then
    /// ten times the label's: measured as above, the loss over the variance was 0.58 at a deviation of 0.1 and 1.29 at
    /// 0.05 under Adam (12.2 under SGD at 0.01), with a learning-rate finding. A label in [0, 1] (deviation ≈ 0.3) is not
    /// named.</summary>
    public const double SmallDeviation = 0.1;

    /// <summary>The finding for the training label, or null when it is near unit scale (<see cref="LargeMagnitude"/>,
    /// <see cref="SmallDeviation"/>; a constant label is <see cref="DegenerateDataCheck.ConstantLabel"/>'s).</summary>
    /// <param name="mean">The training label's weighted mean.</param>
    /// <param name="deviation">The training label's weighted standard deviation.</param>
    /// <param name="column">The label column.</param>
    public static Finding? Check(double mean, double deviation, string column)
    {
        double magnitude = Math.Max(Math.Abs(mean), deviation);
        if (!double.IsFinite(magnitude) || !(deviation > 0) || (magnitude <= LargeMagnitude && deviation >= SmallDeviation)) return null;
        return new Finding
        {
            Kind = FindingKind.UnnormalizedInputs,
            Severity = FindingSeverity.Warning,
            Column = column,
            Message = $"label column '{column}' is far from unit scale (mean {mean:G4}, standard deviation {deviation:G4}) and StandardizeLabel = false " +
                "trains on the label as given. The network's output starts near 0 with a spread near 1, so it learns slowly, and a learning rate " +
                "raised to make up for it can saturate the units",
            Advice = "set StandardizeLabel = true (the default: the trainer standardises the label for training and folds the map back into the " +
                "output layer, so the model predicts in label units)",
            Evidence = DiagnosisMath.Evidence(("LabelMean", mean), ("LabelStandardDeviation", deviation)),
        };
    }

    /// <summary>A finding's message and advice with the label named first when it is far from unit scale and trained on
    /// as given (<see cref="DiagnosisContext.LabelNeedingScaling"/>): "message; the label ... the likely cause" and "scale
    /// the label as ... advises; if <paramref name="stillWhat"/>, advice". Unchanged otherwise.</summary>
    /// <remarks>Measured on AdviceFollowedTests' micro-batch scenario (Boston, features scaled, tanh, Adam): with medv as
    /// given, 67 % of the units saturated at a learning rate of 0.01 and all of them at 0.03 and 0.1, with vanishing
    /// gradients from 0.03 on; with the label standardised none at 0.01 and 0.03 (50 % at 0.1). The large errors on a far
    /// label drive the output weights and, through them, the hidden units to their bounds; the findings' own advice (a
    /// lower rate, ReLU) leaves the label as it is.</remarks>
    public static (string Message, string Advice) Explain(DiagnosisContext context, string message, string advice, string stillWhat) =>
        context.LabelNeedingScaling is { } label
            ? ($"{message}; the label '{label}' is far from unit scale (the UnnormalizedInputs finding on it), the likely cause",
                $"scale the label as the UnnormalizedInputs finding on '{label}' advises; if {stillWhat}, {advice}")
            : (message, advice);

    /// <summary>Whether <paramref name="finding"/> is this check's (a label finding, not a feature one).</summary>
    public static bool Is(Finding finding) => finding.Kind == FindingKind.UnnormalizedInputs && finding.Column is not null;
}
