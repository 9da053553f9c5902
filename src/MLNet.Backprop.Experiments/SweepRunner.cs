using System.Diagnostics;
using Microsoft.ML;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Experiments;

/// <summary>Trains and evaluates one sweep run, in its own <see cref="MLContext"/> so runs share no state.</summary>
internal static class SweepRunner
{
    public static SweepRun Run(SweepConfiguration configuration, IDataView train, IDataView test)
    {
        var options = configuration.Options;
        var ml = new MLContext(options.Seed);
        var trainer = new BackpropTrainer(ml, options);
        var stopwatch = Stopwatch.StartNew();
        BackpropTransformer transformer;
        try
        {
            transformer = trainer.Fit(train);
        }
        catch (TrainingDivergedException e)
        {
            stopwatch.Stop();
            return new SweepRun
            {
                Configuration = configuration,
                Task = trainer.TaskFor(train.Schema),
                Metrics = new Dictionary<string, double>(),
                FitTime = stopwatch.Elapsed,
                Diagnosis = e.Diagnosis,
                History = e.History,
                Error = e.Message,
            };
        }
        stopwatch.Stop();

        var model = transformer.Model;
        var scored = transformer.Transform(test);
        string label = options.LabelColumnName;
        var metrics = new Dictionary<string, double>();
        switch (model.Task)
        {
            case BackpropTask.BinaryClassification:
                var binary = BinaryTestMetrics.Evaluate(ml, scored, label); // ML.NET's, finite and defined on degenerate rows
                metrics[SweepMetrics.Auc] = binary.AreaUnderRocCurve;
                metrics[SweepMetrics.PrAuc] = binary.AreaUnderPrecisionRecallCurve;
                metrics[SweepMetrics.Accuracy] = binary.Accuracy;
                metrics[SweepMetrics.LogLoss] = binary.LogLoss ?? throw new InvalidOperationException("A binary BackpropTransformer's output has no Probability column.");
                break;
            case BackpropTask.MulticlassClassification:
                var multiclass = ml.MulticlassClassification.Evaluate(scored, label);
                metrics[SweepMetrics.MicroAccuracy] = multiclass.MicroAccuracy;
                metrics[SweepMetrics.MacroAccuracy] = multiclass.MacroAccuracy;
                metrics[SweepMetrics.LogLoss] = multiclass.LogLoss;
                break;
            default:
                var regression = ml.Regression.Evaluate(scored, label);
                metrics[SweepMetrics.Rmse] = regression.RootMeanSquaredError;
                metrics[SweepMetrics.RSquared] = regression.RSquared;
                break;
        }
        return new SweepRun
        {
            Configuration = configuration,
            Task = model.Task,
            Metrics = metrics,
            FitTime = stopwatch.Elapsed,
            Diagnosis = model.Diagnosis,
            History = model.History,
            Model = model,
        };
    }
}
