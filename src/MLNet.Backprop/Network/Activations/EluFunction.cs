using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = z for z &gt; 0, α(eᶻ − 1) otherwise; f′ = 1, or a + α for z ≤ 0 (from the cached output).</summary>
internal sealed class EluFunction(float alpha) : ElementwiseActivation
{
    public override ActivationSpec Spec => new(Activation.ELU, alpha);
    public override WeightInitialization Initialization => WeightInitialization.HeNormal;

    // z for z > 0; |α(eᶻ − 1)| < α below.
    public override double Bound(double z) => Math.Max(z, alpha);

    // The derivative is continuous at 0 only for α = 1.
    public override bool HasKinkAtZero => alpha != 1f;

    public override double Apply(double z) => z > 0 ? z : alpha * ScalarMath.ExpM1(z);

    // eᶻ − 1 in float cancels near 0 (20 % off at z = −1e-7): an accurate expm1 in double, rounded once.
    protected override void Map(ReadOnlySpan<float> z, Span<float> a)
    {
        for (int i = 0; i < z.Length; i++) a[i] = z[i] > 0f ? z[i] : (float)(alpha * ScalarMath.ExpM1(z[i]));
    }

    protected override void ScaleByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++)
            if (!(z[i] > 0f)) delta[i] *= a[i] + alpha;
    }
}
