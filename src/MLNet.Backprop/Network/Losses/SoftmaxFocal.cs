namespace MLNet.Backprop.Network.Losses;

/// <summary>
/// Multiclass focal loss (Lin et al. 2017) on K logits with class c and p = softmax(z): l = −(1 − p_c)^γ·log p_c.
/// γ = 0 is softmax cross-entropy. With q = 1 − p_c = Σ_{j≠c} p_j (summed, so it keeps its precision near p_c = 1),
/// ∂l/∂z_j = A·(p_j − δ_jc) with A = q^γ − γ·q^(γ−1)·p_c·log p_c ≥ 0, and A = 0 (γ &gt; 0) when q underflows to 0.
/// The α of the paper is the class weight (<see cref="ClassWeighting"/>).
/// </summary>
internal sealed class SoftmaxFocal(float gamma) : RowwiseLoss
{
    private readonly double _gamma = gamma;

    public override LossSpec Spec => new(LossFunction.SoftmaxFocal, (float)_gamma);

    public override bool Fits(BackpropTask task) => task == BackpropTask.MulticlassClassification;

    public override bool Supports(EarlyStoppingMetric metric, int outputs) => metric is EarlyStoppingMetric.Loss or EarlyStoppingMetric.Accuracy;

    public override string? TargetProblem(ReadOnlySpan<float> target, int outputs)
    {
        float c = target[0];
        return c == MathF.Floor(c) && c >= 0 && c < outputs ? null : $"{c}; a class index in 0..{outputs - 1} was expected";
    }

    public override int TargetWidth(int outputs) => 1;

    public override double RowLoss(ReadOnlySpan<double> logits, ReadOnlySpan<float> target, int row)
    {
        int c = ClassIndex(target[0], logits.Length, row);
        var (logPc, q) = Parts(logits, c, null);
        return -Math.Pow(q, _gamma) * logPc;
    }

    public override void RowGradient(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, float scale, Span<float> gradient)
    {
        int c = (int)target[0];
        Span<double> z = logits.Length <= 256 ? stackalloc double[logits.Length] : new double[logits.Length];
        Span<double> p = logits.Length <= 256 ? stackalloc double[logits.Length] : new double[logits.Length];
        for (int j = 0; j < z.Length; j++) z[j] = logits[j];
        var (logPc, q) = Parts(z, c, p);
        double a = q > 0 ? Math.Pow(q, _gamma) - _gamma * Math.Pow(q, _gamma - 1) * Math.Exp(logPc) * logPc : _gamma == 0 ? 1 : 0;
        double s = a * scale;
        for (int j = 0; j < z.Length; j++) gradient[j] = (float)(s * (j == c ? -q : p[j]));
    }

    private static readonly SoftmaxCrossEntropy SameLink = new();

    public override void Link(ReadOnlySpan<float> logits, Span<float> predictions, int batch, int outputs) =>
        SameLink.Link(logits, predictions, batch, outputs);

    /// <summary>log p_c and q = Σ_{j≠c} p_j; the probabilities into <paramref name="p"/> when given.</summary>
    private static (double LogPc, double Q) Parts(ReadOnlySpan<double> z, int c, Span<double> p)
    {
        double max = z[0];
        for (int j = 1; j < z.Length; j++) max = Math.Max(max, z[j]);
        double sum = 0, others = 0;
        for (int j = 0; j < z.Length; j++)
        {
            double e = Math.Exp(z[j] - max);
            sum += e;
            if (j != c) others += e;
            if (!p.IsEmpty) p[j] = e;
        }
        if (!p.IsEmpty) for (int j = 0; j < z.Length; j++) p[j] /= sum;
        return (z[c] - max - Math.Log(sum), others / sum);
    }

    private static int ClassIndex(float target, int outputs, int row)
    {
        int c = (int)target;
        if (c != target || c < 0 || c >= outputs)
            throw new ArgumentException($"Target of row {row} is {target}; a class index in 0..{outputs - 1} was expected.", "targets");
        return c;
    }
}
