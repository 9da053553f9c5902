using System.Numerics.Tensors;

namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = tanh(z); f′ = 1 − a² (from the cached output).</summary>
internal sealed class TanhFunction : IActivationFunction
{
    public Activation Kind => Activation.Tanh;
    public bool HasKinkAtZero => false;
    public bool CanDie => false;
    public bool CanSaturate => true;

    public double Apply(double z) => Math.Tanh(z);

    public void Forward(ReadOnlySpan<float> z, Span<float> a) => TensorPrimitives.Tanh(z, a);

    public void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++) delta[i] *= 1f - a[i] * a[i];
    }
}
