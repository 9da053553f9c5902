using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

/// <summary>
/// The trained multilayer perceptron inside a <see cref="BackpropTransformer"/>: the network (layers and weights),
/// what it predicts, and how training went.
/// </summary>
public sealed class BackpropModel
{
    internal BackpropModel(BackpropTask task, NeuralNetwork network, LossFunction loss, IReadOnlyList<string>? classNames, TrainingHistory history)
    {
        Task = task;
        Network = network;
        Loss = loss;
        ClassNames = classNames;
        History = history;
    }

    /// <summary>Binary classification, multiclass classification or regression (never <see cref="BackpropTask.Auto"/>).</summary>
    public BackpropTask Task { get; }

    /// <summary>The layers and their weights.</summary>
    public NeuralNetwork Network { get; }

    /// <summary>The loss the network was trained with.</summary>
    public LossFunction Loss { get; }

    /// <summary>Multiclass: the class names in score order (from the label's key values); otherwise null.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Per-epoch losses, metrics and per-layer gradient statistics.</summary>
    public TrainingHistory History { get; }

    /// <summary>What the automatic diagnosis found in the training run (vanishing or exploding gradients, dead units,
    /// learning-rate problems...), with advice; <see cref="TrainingDiagnosis.Healthy"/> when nothing was found.</summary>
    public TrainingDiagnosis Diagnosis => History.Diagnosis;

    /// <summary>Number of input features.</summary>
    public int FeatureCount => Network.InputSize;
}
