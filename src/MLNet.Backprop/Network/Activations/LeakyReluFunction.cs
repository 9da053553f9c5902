namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = z for z &gt; 0, α·z otherwise; f′ = 1 or α by the sign of z.</summary>
internal sealed class LeakyReluFunction(float slope) : ElementwiseActivation
{
    public override ActivationSpec Spec => new(Activation.LeakyReLU, slope);
    public override WeightInitialization Initialization => WeightInitialization.HeNormal;

    // The slope is below 1, so |f(z)| ≤ |z|.
    public override double Bound(double z) => z;
    public override bool HasKinkAtZero => true;
    public override bool CanDie => true;

    public override double Apply(double z) => z > 0 ? z : slope * z;

    protected override void Map(ReadOnlySpan<float> z, Span<float> a)
    {
        for (int i = 0; i < z.Length; i++) a[i] = z[i] > 0f ? z[i] : slope * z[i];
    }

    protected override void ScaleByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++)
            if (!(z[i] > 0f)) delta[i] *= slope;
    }
}
