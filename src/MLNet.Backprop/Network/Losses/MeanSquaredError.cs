namespace MLNet.Backprop.Network.Losses;

/// <summary>Mean squared error: l = (1/K)·Σⱼ (zⱼ − yⱼ)²; ∂l/∂zⱼ = 2(zⱼ − yⱼ)/K.</summary>
internal sealed class MeanSquaredError : RowwiseLoss
{
    public override LossSpec Spec => new(LossFunction.MeanSquaredError);

    public override bool Fits(BackpropTask task) => task == BackpropTask.Regression;

    /// <summary>Predicting the mean leaves the variance.</summary>
    public override double? BestConstantLoss(TargetDistribution targets) => targets.LabelVariance;

    public override int TargetWidth(int outputs) => outputs;

    public override double RowLoss(ReadOnlySpan<double> logits, ReadOnlySpan<float> target, int row)
    {
        double sum = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            double r = logits[j] - target[j];
            sum += r * r;
        }
        return sum / logits.Length;
    }

    public override void RowGradient(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, float scale, Span<float> gradient)
    {
        scale = 2f * scale / logits.Length;
        for (int j = 0; j < logits.Length; j++) gradient[j] = scale * (logits[j] - target[j]);
    }

    public override void Link(ReadOnlySpan<float> logits, Span<float> predictions, int batch, int outputs) =>
        logits.Slice(0, batch * outputs).CopyTo(predictions);
}
