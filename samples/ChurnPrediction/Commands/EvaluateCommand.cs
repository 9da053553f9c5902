using System.Globalization;
using Microsoft.ML;
using ChurnPrediction.CommandLine;
using ChurnPrediction.Data;
using ChurnPrediction.Modeling;
using ChurnPrediction.Reporting;
using MLNet.Backprop;
using MLNet.Backprop.Experiments;

namespace ChurnPrediction.Commands;

/// <summary>Measures a saved model on the test split of the data: the same split the train command reports on.</summary>
public static class EvaluateCommand
{
    public static int Run(ChurnOptions options, TextWriter output, TextWriter error)
    {
        var ml = new MLContext(seed: 0);
        var model = ModelFile.Load(ml, options.ModelPath!);
        var source = new TelcoSource().Resolve(options.DataPath, options.Synthetic, options.OutputDirectory, seed: 0, output);
        if (source.IsSynthetic) Banner.SyntheticWarning(output);
        output.WriteLine($"Data: {source.Description}");

        var (_, testRaw) = FnvSplit.Split(ml, TelcoCsv.Load(ml, source.Path, requireChurn: true));
        var scoredView = model.Transform(ChurnPipeline.WithLabel(ml, testRaw));
        var metrics = BinaryTestMetrics.Evaluate(ml, scoredView, ChurnPipeline.Label); // ML.NET's, finite and defined on degenerate rows
        var table = new ConsoleTable("model", "test rows", "AUC", "PR-AUC", "accuracy", "F1", "log-loss");
        var scores = ml.Data.CreateEnumerable<LabeledScore>(scoredView, reuseRowObject: false).ToList();
        table.Add(Path.GetFileName(options.ModelPath!), scores.Count.ToString(CultureInfo.InvariantCulture), F(metrics.AreaUnderRocCurve), F(metrics.AreaUnderPrecisionRecallCurve),
            F(metrics.Accuracy), F(metrics.F1Score), F(metrics.LogLoss)).Write(output);
        Banner.Section(output, "Confusion matrix (threshold 0.5)");
        ConfusionReport.Write(output, scores);
        output.WriteLine($"{TrainCommand.AucLinePrefix}{F(metrics.AreaUnderRocCurve)}");
        return ChurnApp.Success;
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string F(double? value) => value is double v ? F(v) : "–";
}
