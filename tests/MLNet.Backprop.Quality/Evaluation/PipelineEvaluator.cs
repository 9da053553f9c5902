using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.Evaluation;

/// <summary>Scores held-out rows with a fitted pipeline and computes the task's metrics with ML.NET's evaluators (binary:
/// through BinaryTestMetrics).</summary>
public static class PipelineEvaluator
{
    /// <summary>Metric key → value for <paramref name="model"/> on <paramref name="test"/>.</summary>
    public static Dictionary<string, double> Evaluate(MLContext ml, ITransformer model, IDataView test, TaskKind task)
    {
        var scored = model.Transform(test);
        switch (task)
        {
            case TaskKind.Binary:
                // ML.NET's AUC and PR-AUC of the Score column (with or without a Probability column), except a PR-AUC of
                // constant scores: the positive share, where ML.NET's walk of the tied rows in row order gave up to 1.
                var binary = BinaryTestMetrics.Evaluate(ml, scored, ColumnNames.Label);
                var result = new Dictionary<string, double> { [Metric.Auc.Key] = binary.AreaUnderRocCurve, [Metric.PrAuc.Key] = binary.AreaUnderPrecisionRecallCurve };
                // Trainers without a Probability column (the perceptron) have no log-loss or ECE.
                if (CalibrationMetrics.Binary(ml, scored, ColumnNames.Label) is var (logLoss, ece, floor, slope))
                {
                    result[Metric.LogLoss.Key] = logLoss;
                    result[Metric.Ece.Key] = ece;
                    result[Metric.EceFloor.Key] = floor;
                    if (slope is double a) result[Metric.CalibrationSlope.Key] = a;
                }
                return result;
            case TaskKind.Multiclass:
                var multi = ml.MulticlassClassification.Evaluate(scored, ColumnNames.Label);
                var (multiEce, multiFloor) = CalibrationMetrics.MulticlassEce(scored, ColumnNames.Label);
                return new()
                {
                    [Metric.MacroAccuracy.Key] = multi.MacroAccuracy, [Metric.LogLoss.Key] = multi.LogLoss,
                    [Metric.Ece.Key] = multiEce, [Metric.EceFloor.Key] = multiFloor,
                };
            default:
                var regression = ml.Regression.Evaluate(scored, ColumnNames.Label);
                return new() { [Metric.RSquared.Key] = regression.RSquared, [Metric.Rmse.Key] = regression.RootMeanSquaredError };
        }
    }

    /// <summary>
    /// Adds each class' recall (<c>recall:CLASS</c>) and number of test rows (<c>support:CLASS</c>) from the confusion
    /// matrix; the key order of the label is <paramref name="classes"/>' order (see LabelMapping).
    /// </summary>
    public static void AddPerClass(MLContext ml, ITransformer model, IDataView test, IReadOnlyList<string> classes, Dictionary<string, double> metrics)
    {
        var counts = ml.MulticlassClassification.Evaluate(model.Transform(test), ColumnNames.Label).ConfusionMatrix.Counts;
        for (int c = 0; c < counts.Count && c < classes.Count; c++)
        {
            double support = counts[c].Sum();
            metrics[$"support:{classes[c]}"] = support;
            metrics[$"recall:{classes[c]}"] = support > 0 ? counts[c][c] / support : double.NaN;
        }
    }
}
