using System.Globalization;
using ChurnPrediction.Modeling;

namespace ChurnPrediction.Reporting;

/// <summary>The confusion matrix of a model on the test set, counted from its own PredictedLabel column.</summary>
public static class ConfusionReport
{
    public static void Write(TextWriter output, IReadOnlyList<LabeledScore> scores)
    {
        int tp = scores.Count(s => s.Churned && s.PredictedLabel), fn = scores.Count(s => s.Churned && !s.PredictedLabel);
        int fp = scores.Count(s => !s.Churned && s.PredictedLabel), tn = scores.Count(s => !s.Churned && !s.PredictedLabel);
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        new ConsoleTable("actual \\ predicted", "churn", "stay", "total")
            .Add("churned", N(tp), N(fn), N(tp + fn))
            .Add("stayed", N(fp), N(tn), N(fp + tn))
            .Write(output);
        output.WriteLine($"Recall {(double)tp / Math.Max(1, tp + fn):P1} of churners, precision {(double)tp / Math.Max(1, tp + fp):P1}.");
    }
}
