using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    public ActivationSpec Spec => new(Activation.ReLU);
    public bool HasKinkAtZero => true;
    public bool CanDie => true;
    public bool CanSaturate => false;
    public WeightInitialization Initialization => WeightInitialization.HeNormal;

    public double Bound(double z) => z;

    public long CountSaturated(ReadOnlySpan<float> a) => 0;

    public double Apply(double z) => Math.Max(0, z);

    /// <summary>The fused pass, on several threads in row ranges for a large batch (<see cref="ParallelRelu"/>: every
    /// element is computed alone, so the bits are those of one thread).</summary>
    public void Forward(Span<float> z, ReadOnlySpan<float> bias, Span<float> a, int rows, int n, int threads = 1)
    {
        if (ParallelRelu.Forward(z, bias, a, rows, n, threads)) return;
        LayerKernels.Check(z.Length, rows, n, bias.Length);
        LayerKernels.Check(a.Length, rows, n, n);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float zr = ref MemoryMarshal.GetReference(z), ar = ref MemoryMarshal.GetReference(a);
        for (int r = 0; r < rows; r++)
        {
            ref float zRow = ref Unsafe.Add(ref zr, r * n), aRow = ref Unsafe.Add(ref ar, r * n);
            nuint j = 0;
            if (Lanes.Use512) j = Forward<Vector512Lane>(j, ref zRow, ref b, ref aRow, n);
            if (Lanes.Use256) j = Forward<Vector256Lane>(j, ref zRow, ref b, ref aRow, n);
            if (Lanes.Use128) j = Forward<Vector128Lane>(j, ref zRow, ref b, ref aRow, n);
            Forward<ScalarLane>(j, ref zRow, ref b, ref aRow, n);
        }
    }

    /// <summary>The fused pass, on several threads in column ranges for a large batch (each column's bias-gradient sum
    /// stays on one thread).</summary>
    public void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, Span<float> biasGradient, int rows, int n, int threads = 1)
    {
        if (!ParallelRelu.Backward(a, delta, biasGradient, rows, n, threads)) BackwardColumns(a, delta, biasGradient, rows, n, 0, n);
    }

    /// <summary>
    /// <see cref="Backward"/> restricted to the columns j0..j1 of every row: each column's values and bias-gradient sum
    /// see exactly the operations of the whole pass, so disjoint column ranges can run on different threads.
    /// </summary>
    internal static void BackwardColumns(ReadOnlySpan<float> a, Span<float> delta, Span<float> biasGradient, int rows, int n, int j0, int j1)
    {
        LayerKernels.Check(a.Length, rows, n, n);
        LayerKernels.Check(delta.Length, rows, n, biasGradient.Length);
        if (j0 < 0 || j1 > n || j0 > j1) throw new ArgumentOutOfRangeException(nameof(j0), $"Columns {j0}..{j1} are not within 0..{n}.");
        int width = j1 - j0;
        ref float s = ref Unsafe.Add(ref MemoryMarshal.GetReference(biasGradient), j0);
        ref float ar = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), j0), dr = ref Unsafe.Add(ref MemoryMarshal.GetReference(delta), j0);
        for (int r = 0; r < rows; r++)
        {
            ref float aRow = ref Unsafe.Add(ref ar, r * n), dRow = ref Unsafe.Add(ref dr, r * n);
            bool first = r == 0;
            nuint j = 0;
            if (Lanes.Use512) j = Backward<Vector512Lane>(j, ref aRow, ref dRow, ref s, width, first);
            if (Lanes.Use256) j = Backward<Vector256Lane>(j, ref aRow, ref dRow, ref s, width, first);
            if (Lanes.Use128) j = Backward<Vector128Lane>(j, ref aRow, ref dRow, ref s, width, first);
            Backward<ScalarLane>(j, ref aRow, ref dRow, ref s, width, first);
        }
    }

    // Inlined into the row loop: a call per row and lane width would cost more than a narrow row itself.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Forward<TLane>(nuint j, ref float z, ref float bias, ref float a, int n) where TLane : struct, ILane<TLane>
    {
        TLane zero = TLane.Broadcast(0f);
        for (; (int)j <= n - TLane.Count; j += (nuint)TLane.Count)
        {
            TLane v = TLane.Load(ref z, j) + TLane.Load(ref bias, j);
            v.Store(ref z, j);
            TLane.Select(TLane.LessThanOrEqual(v, zero), zero, v).Store(ref a, j);
        }
        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Backward<TLane>(nuint j, ref float a, ref float delta, ref float sums, int n, bool first)
        where TLane : struct, ILane<TLane>
    {
        TLane zero = TLane.Broadcast(0f);
        for (; (int)j <= n - TLane.Count; j += (nuint)TLane.Count)
        {
            TLane d = TLane.Select(TLane.GreaterThan(TLane.Load(ref a, j), zero), TLane.Load(ref delta, j), zero);
            d.Store(ref delta, j);
            (first ? d : TLane.Load(ref sums, j) + d).Store(ref sums, j);
        }
        return j;
    }
}
