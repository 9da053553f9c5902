using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Activations;

/// <summary>
/// GELU, tanh approximation: f(z) = ½z(1 + tanh u), u = c(z + 0.044715z³), c = √(2/π).
/// </summary>
/// <remarks>
/// Computed as f(z) = z·s with s = σ(2u), because ½(1 + tanh u) = σ(2u) and 1 + tanh u cancels catastrophically in
/// float32 for negative z. The derivative, from the cached z: f′(z) = s + z·s(1 − s)·2c(1 + 3·0.044715z²).
/// </remarks>
internal sealed class GeluFunction : ElementwiseActivation
{
    private const float C = 0.7978845608028654f; // √(2/π)
    private const float K = 0.044715f;

    public override ActivationSpec Spec => new(Activation.GELU);
    public override WeightInitialization Initialization => WeightInitialization.HeNormal;

    // |z·σ(2u)| ≤ |z|.
    public override double Bound(double z) => z;

    public override double Apply(double z) => 0.5 * z * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));

    protected override void Map(ReadOnlySpan<float> z, Span<float> a)
    {
        for (int i = 0; i < z.Length; i++)
        {
            float x = z[i];
            a[i] = x * ScalarMath.Sigmoid(2f * C * (x + K * x * x * x));
        }
    }

    protected override void ScaleByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        for (int i = 0; i < delta.Length; i++)
        {
            float x = z[i];
            float s = ScalarMath.Sigmoid(2f * C * (x + K * x * x * x));
            delta[i] *= s + x * s * (1f - s) * 2f * C * (1f + 3f * K * x * x);
        }
    }
}
