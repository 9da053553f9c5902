using System.Numerics.Tensors;

namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = 1/(1 + e⁻ᶻ); f′ = a(1 − a) (from the cached output).</summary>
internal sealed class SigmoidFunction : ElementwiseActivation
{
    public override Activation Kind => Activation.Sigmoid;
    public override bool CanSaturate => true;

    public override double Apply(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    protected override void Map(ReadOnlySpan<float> z, Span<float> a) => TensorPrimitives.Sigmoid(z, a);

    protected override void ScaleByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++) delta[i] *= a[i] * (1f - a[i]);
    }
}
