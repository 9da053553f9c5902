using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>What the model format stores: the task and loss, the class names, the networks (averaged), the target
/// scaling of regression, and the training history of every network (the first with the model's diagnosis).</summary>
internal sealed record SerializedModel(BackpropTask Task, LossFunction Loss, IReadOnlyList<string>? ClassNames,
    IReadOnlyList<NeuralNetwork> Networks, IReadOnlyList<TrainingHistory> NetworkHistories, float TargetOffset, float TargetScale)
{
    /// <summary>A model whose file stores one history (that of its first network).</summary>
    public SerializedModel(BackpropTask task, LossFunction loss, IReadOnlyList<string>? classNames, IReadOnlyList<NeuralNetwork> networks,
        TrainingHistory history, float targetOffset, float targetScale)
        : this(task, loss, classNames, networks, [history], targetOffset, targetScale)
    {
    }

    public TrainingHistory History => NetworkHistories[0];

    /// <summary>The categorical columns looked up in the networks' embedding tables, in key order (format 4).</summary>
    public IReadOnlyList<Schema.CategoricalColumn> Categorical { get; init; } = [];

    /// <summary>The probability calibration of a classifier (format 5; null for regression and older files).</summary>
    public Calibration.OutputCalibration? Calibration { get; init; }

    /// <summary>The training feature vector's slot names, one per feature (format 13; null when not stored and for older files).</summary>
    public IReadOnlyList<string>? SlotNames { get; init; }
}
