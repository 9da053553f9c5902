using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Activations;

/// <summary>An activation applied value by value: forward is the bias pass then f, backward is f′ then the column sums.
/// One thread: their kernels' vector and scalar paths may round differently, so splitting a batch could change bits.</summary>
internal abstract class ElementwiseActivation : IActivationFunction
{
    public abstract ActivationSpec Spec { get; }
    public virtual bool HasKinkAtZero => false;
    public virtual bool CanDie => false;
    public virtual bool CanSaturate => false;
    public abstract WeightInitialization Initialization { get; }

    public abstract double Bound(double z);

    public virtual long CountSaturated(ReadOnlySpan<float> a) => 0;

    public abstract double Apply(double z);

    public void Forward(Span<float> z, ReadOnlySpan<float> bias, Span<float> a, int rows, int n, int threads = 1)
    {
        LayerKernels.AddBias(z, bias, rows, n);
        Map(z.Slice(0, rows * n), a.Slice(0, rows * n));
    }

    public void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, Span<float> biasGradient, int rows, int n, int threads = 1)
    {
        int size = rows * n;
        ScaleByDerivative(z.Slice(0, size), a.Slice(0, size), delta.Slice(0, size));
        LayerKernels.ColumnSums(delta.Slice(0, size), biasGradient, rows, n);
    }

    /// <summary>a[i] = f(z[i]).</summary>
    protected abstract void Map(ReadOnlySpan<float> z, Span<float> a);

    /// <summary>delta[i] ← delta[i]·f′(z[i]).</summary>
    protected abstract void ScaleByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta);
}
