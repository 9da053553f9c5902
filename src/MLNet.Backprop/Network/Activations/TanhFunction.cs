using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = tanh(z); f′ = 1 − a² (from the cached output).</summary>
internal sealed class TanhFunction : ElementwiseActivation
{
    public override ActivationSpec Spec => new(Activation.Tanh);
    public override bool CanSaturate => true;
    public override WeightInitialization Initialization => WeightInitialization.GlorotUniform;

    public override double Bound(double z) => Math.Min(z, 1.0);

    /// <summary>Outputs beyond ±0.99.</summary>
    public override long CountSaturated(ReadOnlySpan<float> a)
    {
        long saturated = 0;
        foreach (float v in a) if (MathF.Abs(v) > 0.99f) saturated++;
        return saturated;
    }

    public override double Apply(double z) => Math.Tanh(z);

    // Accurate near 0 and independent of a value's position in the span (see TanhKernel).
    protected override void Map(ReadOnlySpan<float> z, Span<float> a) => TanhKernel.Apply(z, a);

    protected override void ScaleByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++) delta[i] *= 1f - a[i] * a[i];
    }
}
