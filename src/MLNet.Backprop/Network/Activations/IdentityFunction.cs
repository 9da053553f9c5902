namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = z, f′(z) = 1. The output layer's activation (the loss applies the link).</summary>
internal sealed class IdentityFunction : ElementwiseActivation
{
    public override ActivationSpec Spec => new(Activation.Identity);
    public override WeightInitialization Initialization => WeightInitialization.GlorotUniform;

    public override double Bound(double z) => z;

    public override double Apply(double z) => z;

    // The workspace lets a and z share storage for identity layers: nothing to copy then.
    protected override void Map(ReadOnlySpan<float> z, Span<float> a)
    {
        if (!z.Overlaps(a)) z.CopyTo(a);
    }

    protected override void ScaleByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta) { }
}
