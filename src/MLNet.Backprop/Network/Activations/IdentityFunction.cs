namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = z, f′(z) = 1.</summary>
internal sealed class IdentityFunction : IActivationFunction
{
    public Activation Kind => Activation.Identity;
    public bool HasKinkAtZero => false;
    public bool CanDie => false;
    public bool CanSaturate => false;

    public double Apply(double z) => z;

    public void Forward(ReadOnlySpan<float> z, Span<float> a)
    {
        if (!z.Overlaps(a)) z.CopyTo(a);
    }

    public void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta) { }
}
