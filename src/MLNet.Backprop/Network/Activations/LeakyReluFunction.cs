namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = z for z &gt; 0, α·z otherwise; f′ = 1 or α by the sign of z.</summary>
internal sealed class LeakyReluFunction : IActivationFunction
{
    private readonly float _slope;

    public float Slope => _slope;

    public LeakyReluFunction(float slope)
    {
        if (!(slope >= 0f && slope < 1f))
            throw new ArgumentOutOfRangeException(nameof(slope), slope, "LeakyReluSlope must be in [0, 1).");
        _slope = slope;
    }

    public Activation Kind => Activation.LeakyReLU;
    public bool HasKinkAtZero => true;
    public bool CanDie => true;
    public bool CanSaturate => false;

    public double Apply(double z) => z > 0 ? z : _slope * z;

    public void Forward(ReadOnlySpan<float> z, Span<float> a)
    {
        for (int i = 0; i < z.Length; i++) a[i] = z[i] > 0f ? z[i] : _slope * z[i];
    }

    public void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++)
            if (!(z[i] > 0f)) delta[i] *= _slope;
    }
}
