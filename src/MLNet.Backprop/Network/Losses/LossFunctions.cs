namespace MLNet.Backprop.Network.Losses;

/// <summary>The table from <see cref="LossFunction"/> to its implementation.</summary>
internal static class LossFunctions
{
    /// <param name="kind">Which loss.</param>
    /// <param name="huberDelta">δ of the Huber loss.</param>
    /// <param name="threads">Threads the batch evaluation may use (binary cross-entropy); the result does not depend on it.</param>
    public static ILossFunction Create(LossFunction kind, float huberDelta = 1f, int threads = 1) => kind switch
    {
        LossFunction.BinaryCrossEntropy => new BinaryCrossEntropy { Threads = threads },
        LossFunction.SoftmaxCrossEntropy => new SoftmaxCrossEntropy(),
        LossFunction.MeanSquaredError => new MeanSquaredError(),
        LossFunction.Huber => new HuberLoss(huberDelta),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss function."),
    };
}
