using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Activations;

/// <summary>
/// f(z) = max(0, z); f′ = 1 where a &gt; 0, else 0 (read from the cached output). The most used activation, so both
/// steps are fused into single passes over the batch.
/// </summary>
/// <remarks>
/// Forward: z += bias and a = max(z, 0) in one pass, the maximum with IEEE-754 semantics (as <see cref="MathF.Max"/>:
/// NaN stays NaN, −0 becomes +0) written as a select, one compare per element. Backward: dL/dz = dL/da where a &gt; 0,
/// else 0, and the bias gradient (column sums in increasing row order) in the same pass. Each element goes through the
/// same operations in every lane width, so the bits do not depend on the hardware's vector size.
/// </remarks>
internal sealed class ReluFunction : IActivationFunction
{
    public Activation Kind => Activation.ReLU;
    public bool HasKinkAtZero => true;
    public bool CanDie => true;
    public bool CanSaturate => false;

    public double Apply(double z) => Math.Max(0, z);

    public void Forward(Span<float> z, ReadOnlySpan<float> bias, Span<float> a, int rows, int n)
    {
        LayerKernels.Check(z.Length, rows, n, bias.Length);
        LayerKernels.Check(a.Length, rows, n, n);
        for (int r = 0; r < rows; r++)
        {
            Span<float> zRow = z.Slice(r * n, n), aRow = a.Slice(r * n, n);
            int j = 0;
            if (Lanes.Use512) j = Forward<Vector512Lane>(j, zRow, bias, aRow);
            if (Lanes.Use256) j = Forward<Vector256Lane>(j, zRow, bias, aRow);
            if (Lanes.Use128) j = Forward<Vector128Lane>(j, zRow, bias, aRow);
            Forward<ScalarLane>(j, zRow, bias, aRow);
        }
    }

    public void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, Span<float> biasGradient, int rows, int n)
    {
        LayerKernels.Check(a.Length, rows, n, n);
        LayerKernels.Check(delta.Length, rows, n, biasGradient.Length);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> aRow = a.Slice(r * n, n);
            Span<float> dRow = delta.Slice(r * n, n), sums = biasGradient.Slice(0, n);
            bool first = r == 0;
            int j = 0;
            if (Lanes.Use512) j = Backward<Vector512Lane>(j, aRow, dRow, sums, first);
            if (Lanes.Use256) j = Backward<Vector256Lane>(j, aRow, dRow, sums, first);
            if (Lanes.Use128) j = Backward<Vector128Lane>(j, aRow, dRow, sums, first);
            Backward<ScalarLane>(j, aRow, dRow, sums, first);
        }
    }

    private static int Forward<TLane>(int j, Span<float> z, ReadOnlySpan<float> bias, Span<float> a) where TLane : struct, ILane<TLane>
    {
        TLane zero = TLane.Broadcast(0f);
        for (; j <= z.Length - TLane.Count; j += TLane.Count)
        {
            TLane v = TLane.Load(z, j) + TLane.Load(bias, j);
            v.Store(z, j);
            TLane.Select(TLane.LessThanOrEqual(v, zero), zero, v).Store(a, j);
        }
        return j;
    }

    private static int Backward<TLane>(int j, ReadOnlySpan<float> a, Span<float> delta, Span<float> sums, bool first)
        where TLane : struct, ILane<TLane>
    {
        TLane zero = TLane.Broadcast(0f);
        for (; j <= delta.Length - TLane.Count; j += TLane.Count)
        {
            TLane d = TLane.Select(TLane.GreaterThan(TLane.Load(a, j), zero), TLane.Load(delta, j), zero);
            d.Store(delta, j);
            (first ? d : TLane.Load(sums, j) + d).Store(sums, j);
        }
        return j;
    }
}
