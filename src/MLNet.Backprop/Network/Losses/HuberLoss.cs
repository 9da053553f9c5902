namespace MLNet.Backprop.Network.Losses;

/// <summary>
/// Huber loss with threshold δ on residual r = z − y: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond; averaged over outputs.
/// ∂l/∂z = r inside, δ·sign(r) outside (divided by K): robust to outliers, quadratic near the optimum.
/// </summary>
internal sealed class HuberLoss(float delta) : RowwiseLoss
{
    private readonly float _delta = delta;

    public override LossSpec Spec => new(LossFunction.Huber, _delta);

    public override bool Fits(BackpropTask task) => task == BackpropTask.Regression;

    public override int TargetWidth(int outputs) => outputs;

    public override double RowLoss(ReadOnlySpan<double> logits, ReadOnlySpan<float> target, int row)
    {
        double sum = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            double r = Math.Abs(logits[j] - target[j]);
            sum += r <= _delta ? 0.5 * r * r : _delta * (r - 0.5 * _delta);
        }
        return sum / logits.Length;
    }

    public override void RowGradient(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, float scale, Span<float> gradient)
    {
        scale /= logits.Length;
        for (int j = 0; j < logits.Length; j++)
        {
            float r = logits[j] - target[j];
            gradient[j] = scale * (MathF.Abs(r) <= _delta ? r : MathF.CopySign(_delta, r)); // MathF.Sign throws on NaN
        }
    }

    public override void Link(ReadOnlySpan<float> logits, Span<float> predictions, int batch, int outputs) =>
        logits.Slice(0, batch * outputs).CopyTo(predictions);
}
