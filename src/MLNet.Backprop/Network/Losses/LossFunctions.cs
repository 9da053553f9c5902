namespace MLNet.Backprop.Network.Losses;

/// <summary>The table from <see cref="LossFunction"/> to its implementation.</summary>
internal static class LossFunctions
{
    public static ILossFunction Create(LossFunction kind, float huberDelta = 1f) => kind switch
    {
        LossFunction.BinaryCrossEntropy => new BinaryCrossEntropy(),
        LossFunction.SoftmaxCrossEntropy => new SoftmaxCrossEntropy(),
        LossFunction.MeanSquaredError => new MeanSquaredError(),
        LossFunction.Huber => new HuberLoss(huberDelta),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss function."),
    };
}
