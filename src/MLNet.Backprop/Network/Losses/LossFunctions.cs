namespace MLNet.Backprop.Network.Losses;

/// <summary>The table from <see cref="LossFunction"/> to its implementation, and each task's natural loss.</summary>
internal static class LossFunctions
{
    /// <param name="spec">Which loss, with its parameter.</param>
    /// <param name="threads">Threads the batch evaluation may use (binary cross-entropy); the result does not depend on it.</param>
    public static ILossFunction Create(LossSpec spec, int threads = 1) => spec.Kind switch
    {
        LossFunction.BinaryCrossEntropy => new BinaryCrossEntropy { Threads = threads },
        LossFunction.SoftmaxCrossEntropy => new SoftmaxCrossEntropy(),
        LossFunction.MeanSquaredError => new MeanSquaredError(),
        LossFunction.Huber => new HuberLoss(spec.Parameter),
        LossFunction.BinaryFocal => new BinaryFocal(spec.Parameter),
        LossFunction.SoftmaxFocal => new SoftmaxFocal(spec.Parameter),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown loss function."),
    };

    /// <summary>The loss a task trains with unless the options choose another (the maximum-likelihood one).</summary>
    public static LossFunction NaturalFor(BackpropTask task) => task switch
    {
        BackpropTask.BinaryClassification => LossFunction.BinaryCrossEntropy,
        BackpropTask.MulticlassClassification => LossFunction.SoftmaxCrossEntropy,
        _ => LossFunction.MeanSquaredError,
    };

    /// <summary>Every loss that fits <paramref name="task"/>.</summary>
    public static IEnumerable<LossFunction> FittingTask(BackpropTask task) => Enum.GetValues<LossFunction>().Where(k => Create(k).Fits(task));
}
