using System.Numerics.Tensors;

namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = 1/(1 + e⁻ᶻ); f′ = a(1 − a) (from the cached output).</summary>
internal sealed class SigmoidFunction : ElementwiseActivation
{
    public override ActivationSpec Spec => new(Activation.Sigmoid);
    public override bool CanSaturate => true;
    public override WeightInitialization Initialization => WeightInitialization.GlorotUniform;

    // σ(z) itself: σ(0) = 0.5 already, so min(z, 1) (tanh's bound) would be too low for small z.
    public override double Bound(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Outputs below 0.01 or above 0.99.</summary>
    public override long CountSaturated(ReadOnlySpan<float> a)
    {
        long saturated = 0;
        foreach (float v in a) if (v < 0.01f || v > 0.99f) saturated++;
        return saturated;
    }

    public override double Apply(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    protected override void Map(ReadOnlySpan<float> z, Span<float> a) => TensorPrimitives.Sigmoid(z, a);

    protected override void ScaleByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++) delta[i] *= a[i] * (1f - a[i]);
    }
}
