using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Losses;

/// <summary>
/// Binary cross-entropy on a logit z with target y: l = softplus(z) − y·z, which equals
/// −[y·log σ(z) + (1 − y)·log(1 − σ(z))] but never takes log(0) nor overflows; ∂l/∂z = σ(z) − y, evaluated without
/// cancellation (<see cref="ScalarMath.SigmoidMinus"/>).
/// Several outputs are independent binary problems, averaged.
/// </summary>
internal sealed partial class BinaryCrossEntropy : RowwiseLoss
{
    public override LossSpec Spec => new(LossFunction.BinaryCrossEntropy);

    public override bool Fits(BackpropTask task) => task == BackpropTask.BinaryClassification;

    /// <summary>AUC needs one score per row: one output.</summary>
    public override bool Supports(EarlyStoppingMetric metric, int outputs) => metric != EarlyStoppingMetric.Auc || outputs == 1;

    /// <summary>Predicting the positive share leaves its binary entropy.</summary>
    public override double? BestConstantLoss(TargetDistribution targets)
    {
        double p = targets.ClassShares.GetValueOrDefault(1f);
        return p <= 0 || p >= 1 ? 0 : -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p));
    }

    public override int TargetWidth(int outputs) => outputs;

    public override double RowLoss(ReadOnlySpan<double> logits, ReadOnlySpan<float> target, int row)
    {
        double sum = 0;
        for (int j = 0; j < logits.Length; j++) sum += ScalarMath.Softplus(logits[j]) - target[j] * logits[j];
        return sum / logits.Length;
    }

    public override void RowGradient(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, float scale, Span<float> gradient)
    {
        scale /= logits.Length;
        for (int j = 0; j < logits.Length; j++) gradient[j] = scale * ScalarMath.SigmoidMinus(logits[j], target[j]);
    }

    /// <summary>
    /// The row-by-row evaluation in one loop: the same expressions as <see cref="RowLoss"/> and <see cref="RowGradient"/>
    /// in the same order (so the same bits), without the per-row copy to double and the virtual calls, which cost as much
    /// as the arithmetic on a small network.
    /// </summary>
    public override double Evaluate(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights,
        Span<float> gradient, int batch, int outputs, double totalWeight)
    {
        logits = logits.Slice(0, batch * outputs);
        targets = targets.Slice(0, batch * outputs);
        bool withGradient = !gradient.IsEmpty;
        if (withGradient) gradient = gradient.Slice(0, batch * outputs);
        if (Threads > 1 && batch >= MinParallelRows) return EvaluateInParts(logits, targets, weights, gradient, batch, outputs, totalWeight);
        double sum = 0;
        for (int i = 0, offset = 0; i < batch; i++, offset += outputs)
        {
            float w = LossMath.Weight(weights, i);
            double row = 0;
            for (int j = offset; j < offset + outputs; j++)
            {
                double z = logits[j];
                row += ScalarMath.Softplus(z) - targets[j] * z;
            }
            sum += w * (row / outputs);
            if (withGradient)
            {
                float scale = (float)(w / totalWeight) / outputs;
                for (int j = offset; j < offset + outputs; j++) gradient[j] = scale * ScalarMath.SigmoidMinus(logits[j], targets[j]);
            }
        }
        return sum / totalWeight;
    }

    public override void Link(ReadOnlySpan<float> logits, Span<float> predictions, int batch, int outputs)
    {
        for (int i = 0; i < batch * outputs; i++) predictions[i] = ScalarMath.Sigmoid(logits[i]);
    }
}
