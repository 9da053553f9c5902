using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Engine training with the diagnosis watching, as the ML.NET trainer wires it: the counting pass's summary
/// gives the input scales and the constant-prediction baseline.</summary>
internal static class Diagnosed
{
    public static TrainingHistory Train(NeuralNetwork network, TrainingData training, TrainingOptions options,
        TrainingData? validation = null, DiagnosisThresholds? thresholds = null)
    {
        bool classification = options.Loss.Kind is LossFunction.BinaryCrossEntropy or LossFunction.SoftmaxCrossEntropy;
        var summary = DataSummary.Of(training, classification);
        double? baseline = training.TargetWidth == 1 ? ConstantPredictionLoss.Of(options.Loss, summary, balanced: false) : null;
        var monitor = new DiagnosisMonitor(DiagnosisContext.Create(network, options, validation is not null, FeatureScaleReport.From(summary), baseline, thresholds));
        return MlpTrainer.Train(network, training, options, validation, monitor: monitor);
    }
}
