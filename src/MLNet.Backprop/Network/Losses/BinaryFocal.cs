using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Losses;

/// <summary>
/// Focal loss (Lin et al. 2017) on a logit z with target y and p = σ(z):
/// l = y·(1 − p)^γ·softplus(−z) + (1 − y)·p^γ·softplus(z), i.e. −(1 − p_t)^γ·log p_t for a 0/1 target. γ = 0 is binary
/// cross-entropy; larger γ down-weights the rows the model already gets right, so the rare, hard rows weigh more.
/// ∂l/∂z = −y·(1 − p)^γ·[γ·p·softplus(−z) + (1 − p)] + (1 − y)·p^γ·[γ·(1 − p)·softplus(z) + p]; no negative power,
/// so saturated rows give 0, not 0·∞. The α of the paper is the class weight (<see cref="ClassWeighting"/>).
/// </summary>
internal sealed class BinaryFocal(float gamma) : RowwiseLoss
{
    private readonly double _gamma = gamma;

    public override LossSpec Spec => new(LossFunction.BinaryFocal, (float)_gamma);

    public override bool Fits(BackpropTask task) => task == BackpropTask.BinaryClassification;

    /// <summary>AUC needs one score per row: one output.</summary>
    public override bool Supports(EarlyStoppingMetric metric, int outputs) => metric != EarlyStoppingMetric.Auc || outputs == 1;

    public override int TargetWidth(int outputs) => outputs;

    public override double RowLoss(ReadOnlySpan<double> logits, ReadOnlySpan<float> target, int row)
    {
        double sum = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            double z = logits[j], y = target[j];
            double p = ScalarMath.Sigmoid(z), q = ScalarMath.Sigmoid(-z);
            sum += y * Math.Pow(q, _gamma) * ScalarMath.Softplus(-z) + (1 - y) * Math.Pow(p, _gamma) * ScalarMath.Softplus(z);
        }
        return sum / logits.Length;
    }

    public override void RowGradient(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, float scale, Span<float> gradient)
    {
        double s = (double)scale / logits.Length;
        for (int j = 0; j < logits.Length; j++) gradient[j] = (float)(s * Derivative(logits[j], target[j], _gamma));
    }

    /// <summary>∂l/∂z of one output, in double precision.</summary>
    public static double Derivative(double z, double y, double gamma)
    {
        double p = ScalarMath.Sigmoid(z), q = ScalarMath.Sigmoid(-z);
        double positive = y == 0 ? 0 : -y * Math.Pow(q, gamma) * (gamma * p * ScalarMath.Softplus(-z) + q);
        double negative = y == 1 ? 0 : (1 - y) * Math.Pow(p, gamma) * (gamma * q * ScalarMath.Softplus(z) + p);
        return positive + negative;
    }

    public override void Link(ReadOnlySpan<float> logits, Span<float> predictions, int batch, int outputs)
    {
        for (int i = 0; i < batch * outputs; i++) predictions[i] = ScalarMath.Sigmoid(logits[i]);
    }
}
