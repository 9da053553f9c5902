namespace MLNet.Backprop.Network.Losses;

/// <summary>
/// Softmax cross-entropy on K logits with a class index c: l = logsumexp(z) − z_c, computed after subtracting
/// max(z) so that no exponential overflows; ∂l/∂z = softmax(z) − onehot(c).
/// </summary>
internal sealed class SoftmaxCrossEntropy : RowwiseLoss
{
    public override LossSpec Spec => new(LossFunction.SoftmaxCrossEntropy);

    public override bool Fits(BackpropTask task) => task == BackpropTask.MulticlassClassification;

    public override bool Supports(EarlyStoppingMetric metric, int outputs) => metric is EarlyStoppingMetric.Loss or EarlyStoppingMetric.Accuracy;

    public override string? TargetProblem(ReadOnlySpan<float> target, int outputs)
    {
        float c = target[0];
        return c == MathF.Floor(c) && c >= 0 && c < outputs ? null : $"{c}; a class index in 0..{outputs - 1} was expected";
    }

    /// <summary>Predicting the class shares leaves their entropy.</summary>
    public override double? BestConstantLoss(TargetDistribution targets) => targets.Entropy();

    public override int TargetWidth(int outputs) => 1;

    public override double RowLoss(ReadOnlySpan<double> logits, ReadOnlySpan<float> target, int row)
    {
        int c = ClassIndex(target[0], logits.Length, row);
        double max = logits[0];
        for (int j = 1; j < logits.Length; j++) max = Math.Max(max, logits[j]);
        double expSum = 0;
        for (int j = 0; j < logits.Length; j++) expSum += Math.Exp(logits[j] - max);
        return max + Math.Log(expSum) - logits[c];
    }

    public override void RowGradient(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, float scale, Span<float> gradient)
    {
        Softmax(logits, gradient);
        // p_c − 1 is written as −Σ_{j≠c} p_j: near-certain predictions keep full float32 precision (no 1 − 0.99999…).
        int c = (int)target[0];
        float others = 0f;
        for (int j = 0; j < gradient.Length; j++)
        {
            if (j != c) others += gradient[j];
            gradient[j] *= scale;
        }
        gradient[c] = -others * scale;
    }

    public override void Link(ReadOnlySpan<float> logits, Span<float> predictions, int batch, int outputs)
    {
        for (int i = 0; i < batch; i++) Softmax(logits.Slice(i * outputs, outputs), predictions.Slice(i * outputs, outputs));
    }

    private static void Softmax(ReadOnlySpan<float> z, Span<float> p)
    {
        float max = z[0];
        for (int j = 1; j < z.Length; j++) if (z[j] > max) max = z[j];
        float sum = 0f;
        for (int j = 0; j < z.Length; j++) sum += p[j] = MathF.Exp(z[j] - max);
        for (int j = 0; j < z.Length; j++) p[j] /= sum;
    }

    private static int ClassIndex(float target, int outputs, int row)
    {
        int c = (int)target;
        if (c != target || c < 0 || c >= outputs)
            throw new ArgumentException($"Target of row {row} is {target}; a class index in 0..{outputs - 1} was expected.", "targets");
        return c;
    }
}
