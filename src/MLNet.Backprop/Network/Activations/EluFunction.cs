namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = z for z &gt; 0, α(eᶻ − 1) otherwise; f′ = 1, or a + α for z ≤ 0 (from the cached output).</summary>
internal sealed class EluFunction : IActivationFunction
{
    private readonly float _alpha;

    public float Alpha => _alpha;

    public EluFunction(float alpha)
    {
        if (!(alpha > 0f) || float.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "EluAlpha must be finite and positive.");
        _alpha = alpha;
    }

    public Activation Kind => Activation.ELU;

    // The derivative is continuous at 0 only for α = 1.
    public bool HasKinkAtZero => _alpha != 1f;
    public bool CanDie => false;
    public bool CanSaturate => false;

    public double Apply(double z) => z > 0 ? z : _alpha * (Math.Exp(z) - 1);

    public void Forward(ReadOnlySpan<float> z, Span<float> a)
    {
        for (int i = 0; i < z.Length; i++) a[i] = z[i] > 0f ? z[i] : _alpha * (MathF.Exp(z[i]) - 1f);
    }

    public void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++)
            if (!(z[i] > 0f)) delta[i] *= a[i] + _alpha;
    }
}
