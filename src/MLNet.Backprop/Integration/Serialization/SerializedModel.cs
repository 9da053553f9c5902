using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>What the model format stores: the task and loss, the class names, the network and its training history.</summary>
internal sealed record SerializedModel(BackpropTask Task, LossFunction Loss, IReadOnlyList<string>? ClassNames, NeuralNetwork Network, TrainingHistory History);
