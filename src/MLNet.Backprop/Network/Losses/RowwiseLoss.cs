namespace MLNet.Backprop.Network.Losses;

/// <summary>A loss evaluated row by row: the batch mean and gradient come from each row's loss and gradient.</summary>
internal abstract class RowwiseLoss : ILossFunction
{
    public abstract LossSpec Spec { get; }

    public abstract bool Fits(BackpropTask task);

    public virtual bool Supports(EarlyStoppingMetric metric, int outputs) => metric == EarlyStoppingMetric.Loss;

    public virtual string? TargetProblem(ReadOnlySpan<float> target, int outputs) => null;

    /// <summary>Null: no closed form unless the loss has one.</summary>
    public virtual double? BestConstantLoss(TargetDistribution targets) => null;

    public abstract int TargetWidth(int outputs);

    public abstract double RowLoss(ReadOnlySpan<double> logits, ReadOnlySpan<float> target, int row);

    /// <summary>Writes ∂lᵢ/∂logits · <paramref name="scale"/> for one example.</summary>
    public abstract void RowGradient(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, float scale, Span<float> gradient);

    public abstract void Link(ReadOnlySpan<float> logits, Span<float> predictions, int batch, int outputs);

    public double Evaluate(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights,
        Span<float> gradient, int batch, int outputs) =>
        Evaluate(logits, targets, weights, gradient, batch, outputs, LossMath.TotalWeight(weights, batch));

    public virtual double Evaluate(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights,
        Span<float> gradient, int batch, int outputs, double totalWeight)
    {
        int width = TargetWidth(outputs);
        Span<double> row = outputs <= 256 ? stackalloc double[outputs] : new double[outputs];
        double sum = 0;
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> z = logits.Slice(i * outputs, outputs);
            ReadOnlySpan<float> y = targets.Slice(i * width, width);
            for (int j = 0; j < outputs; j++) row[j] = z[j];
            float w = LossMath.Weight(weights, i);
            sum += w * RowLoss(row, y, i);
            if (!gradient.IsEmpty) RowGradient(z, y, (float)(w / totalWeight), gradient.Slice(i * outputs, outputs));
        }
        return sum / totalWeight;
    }
}
