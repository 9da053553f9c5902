using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Experiments.Tuning;

/// <summary>Trains one trial's options on a fold's training side and scores its held-out side with ML.NET's evaluator:
/// AUC (binary), macro-accuracy (multiclass), R² (regression); higher is better for all three.</summary>
internal static class FoldScorer
{
    public static double Score(BackpropTrainer.Options options, IDataView train, IDataView test)
    {
        var ml = new MLContext(options.Seed);
        var model = new BackpropTrainer(ml, options).Fit(train);
        var scored = model.Transform(test);
        string label = options.LabelColumnName;
        return model.Model.Task switch
        {
            BackpropTask.BinaryClassification => ml.BinaryClassification.EvaluateNonCalibrated(scored, label).AreaUnderRocCurve,
            BackpropTask.MulticlassClassification => ml.MulticlassClassification.Evaluate(scored, label).MacroAccuracy,
            _ => ml.Regression.Evaluate(scored, label).RSquared,
        };
    }

    /// <summary>The metric's name for <paramref name="task"/>.</summary>
    public static string MetricName(BackpropTask task) => task switch
    {
        BackpropTask.BinaryClassification => SweepMetrics.Auc,
        BackpropTask.MulticlassClassification => SweepMetrics.MacroAccuracy,
        _ => SweepMetrics.RSquared,
    };
}
