using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.Evaluation;

/// <summary>A quality measure of a fitted pipeline on held-out rows.</summary>
/// <param name="Key">Name in the CSV.</param>
/// <param name="Title">Name in the Markdown table.</param>
/// <param name="HigherIsBetter">Direction of "best" (unless <see cref="Ideal"/> is set).</param>
public sealed record Metric(string Key, string Title, bool HigherIsBetter)
{
    /// <summary>The value that is best, for a measure that is not better higher or lower (e.g. 1 for a slope); null for
    /// the others.</summary>
    public double? Ideal { get; init; }

    /// <summary>Area under the ROC curve (binary).</summary>
    public static readonly Metric Auc = new("auc", "AUC", true);

    /// <summary>Mean over classes of the per-class accuracy (recall) (multiclass).</summary>
    public static readonly Metric MacroAccuracy = new("macro_accuracy", "macro-acc", true);

    /// <summary>Area under the precision-recall curve of the positive class (binary): what matters for a rare class.</summary>
    public static readonly Metric PrAuc = new("pr_auc", "PR-AUC", true);

    /// <summary>Expected calibration error over 10 equal-width bins (binary: P(positive); multiclass: the predicted class').</summary>
    public static readonly Metric Ece = new("ece", "ECE", false);

    /// <summary>The ECE a perfectly calibrated model with the same probabilities would show on the same rows, on average
    /// (the binning's sampling noise): an ECE near its floor is as calibrated as the fold can tell.</summary>
    public static readonly Metric EceFloor = new("ece_floor", "ECE floor (calibrated twin)", false);

    /// <summary>Calibration slope (binary): a of the fit P(positive) = σ(a·logit(Probability) + b) on the test rows; 1 is
    /// calibrated, above 1 too timid, below 1 too confident. A fold whose rows the probabilities separate has none.</summary>
    public static readonly Metric CalibrationSlope = new("cal_slope", "calibration slope", false) { Ideal = 1 };

    /// <summary>Mean negative log-likelihood of the true class (binary: from Probability; multiclass).</summary>
    public static readonly Metric LogLoss = new("log_loss", "log-loss", false);

    /// <summary>Coefficient of determination (regression).</summary>
    public static readonly Metric RSquared = new("r2", "R²", true);

    /// <summary>Root mean squared error, in the label's units (regression).</summary>
    public static readonly Metric Rmse = new("rmse", "RMSE", false);

    /// <summary>The metric that ranks trainers on a task: AUC, macro-accuracy or R².</summary>
    public static Metric Primary(TaskKind task) => task switch
    {
        TaskKind.Binary => Auc,
        TaskKind.Multiclass => MacroAccuracy,
        _ => RSquared,
    };

    /// <summary>Every metric reported for a task, primary first.</summary>
    public static IReadOnlyList<Metric> For(TaskKind task) => task switch
    {
        TaskKind.Multiclass => [MacroAccuracy, LogLoss, Ece, EceFloor],
        TaskKind.Regression => [RSquared, Rmse],
        _ => [Primary(task), PrAuc, LogLoss, Ece, EceFloor, CalibrationSlope],
    };
}
