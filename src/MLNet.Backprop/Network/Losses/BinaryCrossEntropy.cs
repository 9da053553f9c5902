namespace MLNet.Backprop.Network.Losses;

/// <summary>
/// Binary cross-entropy on a logit z with target y: l = softplus(z) − y·z, which equals
/// −[y·log σ(z) + (1 − y)·log(1 − σ(z))] but never takes log(0) nor overflows; ∂l/∂z = σ(z) − y, evaluated without
/// cancellation (<see cref="LossMath.SigmoidMinus"/>).
/// Several outputs are independent binary problems, averaged.
/// </summary>
internal sealed class BinaryCrossEntropy : ILossFunction
{
    public LossFunction Kind => LossFunction.BinaryCrossEntropy;

    public int TargetWidth(int outputs) => outputs;

    public double RowLoss(ReadOnlySpan<double> logits, ReadOnlySpan<float> target, int row)
    {
        double sum = 0;
        for (int j = 0; j < logits.Length; j++) sum += LossMath.Softplus(logits[j]) - target[j] * logits[j];
        return sum / logits.Length;
    }

    public void RowGradient(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, float scale, Span<float> gradient)
    {
        scale /= logits.Length;
        for (int j = 0; j < logits.Length; j++) gradient[j] = scale * LossMath.SigmoidMinus(logits[j], target[j]);
    }

    /// <summary>
    /// The batch evaluation of <see cref="LossExtensions.Evaluate"/> for this loss in one loop: the same expressions as
    /// <see cref="RowLoss"/> and <see cref="RowGradient"/> in the same order (so the same bits), without the per-row
    /// copy to double and the interface calls, which cost as much as the arithmetic on a small network.
    /// </summary>
    internal static double EvaluateBatch(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights,
        Span<float> gradient, int batch, int outputs, double totalWeight)
    {
        logits = logits.Slice(0, batch * outputs);
        targets = targets.Slice(0, batch * outputs);
        bool withGradient = !gradient.IsEmpty;
        if (withGradient) gradient = gradient.Slice(0, batch * outputs);
        double sum = 0;
        for (int i = 0, offset = 0; i < batch; i++, offset += outputs)
        {
            float w = LossMath.Weight(weights, i);
            double row = 0;
            for (int j = offset; j < offset + outputs; j++)
            {
                double z = logits[j];
                row += LossMath.Softplus(z) - targets[j] * z;
            }
            sum += w * (row / outputs);
            if (withGradient)
            {
                float scale = (float)(w / totalWeight) / outputs;
                for (int j = offset; j < offset + outputs; j++) gradient[j] = scale * LossMath.SigmoidMinus(logits[j], targets[j]);
            }
        }
        return sum / totalWeight;
    }

    public void Link(ReadOnlySpan<float> logits, Span<float> predictions, int batch, int outputs)
    {
        for (int i = 0; i < batch * outputs; i++) predictions[i] = LossMath.Sigmoid(logits[i]);
    }
}
