namespace MLNet.Backprop.Losses;

/// <summary>
/// Binary cross-entropy on a logit z with target y: l = softplus(z) − y·z, which equals
/// −[y·log σ(z) + (1 − y)·log(1 − σ(z))] but never takes log(0) nor overflows; ∂l/∂z = σ(z) − y.
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
        for (int j = 0; j < logits.Length; j++) gradient[j] = scale * (LossMath.Sigmoid(logits[j]) - target[j]);
    }

    public void Link(ReadOnlySpan<float> logits, Span<float> predictions, int batch, int outputs)
    {
        for (int i = 0; i < batch * outputs; i++) predictions[i] = LossMath.Sigmoid(logits[i]);
    }
}
