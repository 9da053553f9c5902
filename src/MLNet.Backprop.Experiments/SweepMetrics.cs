namespace MLNet.Backprop.Experiments;

/// <summary>Names of the test metrics a <see cref="SweepRun"/> carries, by task (ML.NET's evaluators compute them; the
/// binary ones through <see cref="BinaryTestMetrics"/>).</summary>
public static class SweepMetrics
{
    /// <summary>Binary: area under the ROC curve.</summary>
    public const string Auc = "AUC";

    /// <summary>Binary: area under the precision-recall curve of the positive class (PR-AUC; the measure that shows a
    /// rare class' ranking, where the ROC curve is dominated by the many negatives); the positive share when every test
    /// row has the same score (see <see cref="BinaryTestMetrics"/>).</summary>
    public const string PrAuc = "PR-AUC";

    /// <summary>Binary: accuracy at threshold 0.5.</summary>
    public const string Accuracy = "Accuracy";

    /// <summary>Binary and multiclass: log-loss in ML.NET's units (binary in bits, multiclass in nats), each row's probability
    /// of its label clamped to at least 1e-15 (binary: to [1e-15, 1 − 1e-15]), so that a probability rounded to exactly 0
    /// or 1 in float gives a finite figure.</summary>
    public const string LogLoss = "LogLoss";

    /// <summary>Multiclass: micro-averaged accuracy (share of rows right).</summary>
    public const string MicroAccuracy = "MicroAccuracy";

    /// <summary>Multiclass: macro-averaged accuracy (mean of the per-class accuracies).</summary>
    public const string MacroAccuracy = "MacroAccuracy";

    /// <summary>Regression: root mean squared error.</summary>
    public const string Rmse = "RMSE";

    /// <summary>Regression: coefficient of determination.</summary>
    public const string RSquared = "R2";

    /// <summary>The metric that ranks runs for <paramref name="task"/> (AUC, micro-accuracy, RMSE) and whether higher is better.</summary>
    /// <param name="task">The task of the runs: binary, multiclass or regression.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="task"/> is <see cref="BackpropTask.Auto"/> (not a task a run trained).</exception>
    public static (string Name, bool HigherIsBetter) Primary(BackpropTask task) => task switch
    {
        BackpropTask.BinaryClassification => (Auc, true),
        BackpropTask.MulticlassClassification => (MicroAccuracy, true),
        BackpropTask.Regression => (Rmse, false),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "A sweep run has a concrete task."),
    };
}
