using System.Runtime.CompilerServices;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training.Optimizers;

/// <summary>Adagrad (Duchi, Hazan &amp; Singer, 2011): <c>G ← G + g²; w ← w − η·g / (√G + ε)</c>.</summary>
/// <remarks>Each weight's rate shrinks with the running sum <c>G</c> of its squared gradients, which starts at zero.
/// Each element is computed as <c>G = G + (g·g)</c>, then <c>w = w − (η·g) / (√G + ε)</c>, in single precision, in
/// vector lanes and the scalar tail alike.</remarks>
internal sealed class Adagrad : Optimizer
{
    private readonly float[][] _sumOfSquares;

    /// <summary>Creates Adagrad over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update; at least one.</param>
    /// <param name="epsilon">Denominator term ε; finite and &gt; 0. Default 1e-8.</param>
    /// <param name="weightDecay">Decoupled weight decay λ on weight matrices; finite and ≥ 0. Default 0.</param>
    public Adagrad(IReadOnlyList<Parameter> parameters, float epsilon = Defaults.Epsilon, float weightDecay = 0f)
        : base(parameters, weightDecay)
    {
        Epsilon = epsilon;
        _sumOfSquares = [.. parameters.Select(ElementState)];
    }

    /// <summary>Denominator term ε.</summary>
    public float Epsilon { get; }

    /// <summary>The running sum of squared gradients <c>G</c> of the parameter at <paramref name="index"/>.</summary>
    internal ReadOnlySpan<float> SumOfSquares(int index) => _sumOfSquares[index];

    private protected override IReadOnlyList<float[]> RuleState => _sumOfSquares;

    /// <inheritdoc/>
    /// <summary>A step on a zero gradient leaves the values and the sum as they are (only the weight decay acts).</summary>
    protected override double? ZeroGradientRatio => 0;

    /// <inheritdoc/>
    protected override void Update(int index, int offset, Span<float> values, ReadOnlySpan<float> gradients, float learningRate)
    {
        Span<float> sum = _sumOfSquares[index].AsSpan(offset, values.Length); // throws if the parameter list changed since construction
        int i = 0;
        if (Lanes.Use512) i = Apply<Vector512Lane>(i, values, gradients, sum, learningRate, Epsilon);
        if (Lanes.Use256) i = Apply<Vector256Lane>(i, values, gradients, sum, learningRate, Epsilon);
        if (Lanes.Use128) i = Apply<Vector128Lane>(i, values, gradients, sum, learningRate, Epsilon);
        Apply<ScalarLane>(i, values, gradients, sum, learningRate, Epsilon);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // one compiled loop per lane width; see AdamMoments.Apply
    private static int Apply<TLane>(int i, Span<float> w, ReadOnlySpan<float> g, Span<float> sum, float learningRate, float epsilon)
        where TLane : struct, ILane<TLane>
    {
        TLane lr = TLane.Broadcast(learningRate), eps = TLane.Broadcast(epsilon);
        for (; i <= w.Length - TLane.Count; i += TLane.Count)
        {
            TLane gi = TLane.Load(g, i);
            TLane sumi = TLane.Load(sum, i) + gi * gi;
            TLane wi = TLane.Load(w, i) - lr * gi / (TLane.Sqrt(sumi) + eps);
            sumi.Store(sum, i);
            wi.Store(w, i);
        }
        return i;
    }
}
