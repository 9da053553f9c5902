using System.Diagnostics;
using Microsoft.ML;
using MLNet.Backprop.Experiments;

namespace ChurnPrediction.Modeling;

/// <summary>
/// ML.NET's own binary trainers, with their default settings, on exactly the data the MLP sees: the same split and the
/// same featurized columns. Only the trainer differs, so the table compares learners, not featurizers.
/// </summary>
public static class Benchmark
{
    /// <summary>The peers: two linear models and two boosted-tree ensembles.</summary>
    public static IReadOnlyList<(string Name, Func<MLContext, IEstimator<ITransformer>> Create)> Peers { get; } =
    [
        ("LbfgsLogisticRegression", ml => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(ChurnPipeline.Label)),
        ("SdcaLogisticRegression", ml => ml.BinaryClassification.Trainers.SdcaLogisticRegression(ChurnPipeline.Label)),
        ("FastTree", ml => ml.BinaryClassification.Trainers.FastTree(ChurnPipeline.Label)),
        ("LightGbm", ml => ml.BinaryClassification.Trainers.LightGbm(ChurnPipeline.Label)),
    ];

    /// <summary>Fits <paramref name="trainer"/> on featurized training data and evaluates it on featurized test data.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="name">The trainer's name in the table.</param>
    /// <param name="trainer">The trainer to time and evaluate.</param>
    /// <param name="warmUp">An equivalent, silent trainer fitted once on 500 rows before the timed fit.</param>
    /// <param name="featurizedTrain">Cached featurized training data.</param>
    /// <param name="featurizedTest">Cached featurized test data.</param>
    public static ModelResult Run(MLContext ml, string name, IEstimator<ITransformer> trainer, IEstimator<ITransformer> warmUp,
        IDataView featurizedTrain, IDataView featurizedTest)
    {
        // Every trainer gets the same warm-up, so that the first one timed does not also pay for compiling its code
        // (the just-in-time compiler) and the fit times compare training, not start-up.
        warmUp.Fit(ml.Data.TakeRows(featurizedTrain, 500));

        // Only Fit is timed: the featurized data is cached, so this is the learner's own cost.
        var clock = Stopwatch.StartNew();
        var model = trainer.Fit(featurizedTrain);
        clock.Stop();
        var metrics = BinaryTestMetrics.Evaluate(ml, model.Transform(featurizedTest), ChurnPipeline.Label);
        return new ModelResult(name, model, metrics, clock.Elapsed);
    }
}
