using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>What the model format stores: the task and loss, the class names, the networks (averaged), the target
/// scaling of regression, and the training history with its diagnosis.</summary>
internal sealed record SerializedModel(BackpropTask Task, LossFunction Loss, IReadOnlyList<string>? ClassNames,
    IReadOnlyList<NeuralNetwork> Networks, TrainingHistory History, float TargetOffset, float TargetScale)
{
    /// <summary>The categorical columns looked up in the networks' embedding tables, in key order (format 4).</summary>
    public IReadOnlyList<Schema.CategoricalColumn> Categorical { get; init; } = [];
}
