using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = tanh(z); f′ = 1 − a² (from the cached output).</summary>
internal sealed class TanhFunction : ElementwiseActivation
{
    public override Activation Kind => Activation.Tanh;
    public override bool CanSaturate => true;

    public override double Apply(double z) => Math.Tanh(z);

    // Accurate near 0 and independent of a value's position in the span (see TanhKernel).
    protected override void Map(ReadOnlySpan<float> z, Span<float> a) => TanhKernel.Apply(z, a);

    protected override void ScaleByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++) delta[i] *= 1f - a[i] * a[i];
    }
}
