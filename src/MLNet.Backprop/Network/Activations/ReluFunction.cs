using System.Numerics.Tensors;

namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = max(0, z); f′ = 1 where a &gt; 0, else 0 (read from the cached output).</summary>
internal sealed class ReluFunction : IActivationFunction
{
    public Activation Kind => Activation.ReLU;
    public bool HasKinkAtZero => true;
    public bool CanDie => true;
    public bool CanSaturate => false;

    public double Apply(double z) => Math.Max(0, z);

    public void Forward(ReadOnlySpan<float> z, Span<float> a) => TensorPrimitives.Max(z, 0f, a);

    public void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++)
            if (!(a[i] > 0f)) delta[i] = 0f;
    }
}
