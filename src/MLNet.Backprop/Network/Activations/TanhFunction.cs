using System.Numerics;
using System.Runtime.InteropServices;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Activations;

/// <summary>f(z) = tanh(z); f′ = 1 − a² (from the cached output).</summary>
internal sealed class TanhFunction : ElementwiseActivation
{
    public override ActivationSpec Spec => new(Activation.Tanh);
    public override bool CanSaturate => true;
    public override WeightInitialization Initialization => WeightInitialization.GlorotUniform;

    public override double Bound(double z) => Math.Min(z, 1.0);

    /// <summary>Outputs beyond ±0.99.</summary>
    /// <remarks>Vectorised (the diagnostics scan every hidden output of every step; the branch per value was a percent of
    /// a fit): a lane counts what the scalar test counts, NaN failing the comparison either way.</remarks>
    public override long CountSaturated(ReadOnlySpan<float> a)
    {
        int width = Vector<float>.Count, whole = a.Length - a.Length % width;
        ref float ar = ref MemoryMarshal.GetReference(a);
        var limit = new Vector<float>(0.99f);
        var counts = Vector<int>.Zero;
        // A lane's true comparison is −1: subtracting the masks counts; whole / width per lane cannot overflow an int.
        for (int i = 0; i < whole; i += width) counts -= Vector.GreaterThan(Vector.Abs(Vector.LoadUnsafe(ref ar, (nuint)i)), limit);
        long saturated = Vector.Sum(counts);
        for (int i = whole; i < a.Length; i++) if (MathF.Abs(a[i]) > 0.99f) saturated++;
        return saturated;
    }

    public override double Apply(double z) => Math.Tanh(z);

    // Accurate near 0 and independent of a value's position in the span (see TanhKernel).
    protected override void Map(ReadOnlySpan<float> z, Span<float> a) => TanhKernel.Apply(z, a);

    /// <remarks>δ·(1 − a·a), the same three rounded operations in a vector's lanes as in the scalar tail.</remarks>
    protected override void ScaleByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        if (a.Length < delta.Length) throw new ArgumentException("The outputs are shorter than the gradient.", nameof(a));
        int width = Vector<float>.Count, whole = delta.Length - delta.Length % width;
        ref float ar = ref MemoryMarshal.GetReference(a), dr = ref MemoryMarshal.GetReference(delta);
        for (int i = 0; i < whole; i += width)
        {
            var av = Vector.LoadUnsafe(ref ar, (nuint)i);
            (Vector.LoadUnsafe(ref dr, (nuint)i) * (Vector<float>.One - av * av)).StoreUnsafe(ref dr, (nuint)i);
        }
        for (int i = whole; i < delta.Length; i++) delta[i] *= 1f - a[i] * a[i];
    }
}
