using System.Runtime.CompilerServices;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training.Optimizers;

// The update rules, in order of increasing complexity (as tinygrad's optim.py):
// Sgd → MomentumSgd → NesterovSgd → Adagrad → RmsProp → Adam → AdamW.

/// <summary>Plain stochastic gradient descent: <c>w ← w − η·g</c>.</summary>
/// <remarks>No state. Each element is computed as <c>w − (η·g)</c> in single precision, in vector lanes and the
/// scalar tail alike.</remarks>
internal sealed class Sgd : Optimizer
{
    /// <summary>Creates plain SGD over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update; at least one.</param>
    /// <param name="weightDecay">Decoupled weight decay λ on weight matrices; finite and ≥ 0. Default 0.</param>
    public Sgd(IReadOnlyList<Parameter> parameters, float weightDecay = 0f)
        : base(parameters, weightDecay)
    {
    }

    /// <summary>A step on a zero gradient does not move the values (only the weight decay does).</summary>
    protected override double? ZeroGradientRatio => 0;

    /// <inheritdoc/>
    protected override void Update(int index, int offset, Span<float> values, ReadOnlySpan<float> gradients, float learningRate)
    {
        int i = 0;
        if (Lanes.Use512) i = Apply<Vector512Lane>(i, values, gradients, learningRate);
        if (Lanes.Use256) i = Apply<Vector256Lane>(i, values, gradients, learningRate);
        if (Lanes.Use128) i = Apply<Vector128Lane>(i, values, gradients, learningRate);
        Apply<ScalarLane>(i, values, gradients, learningRate);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // one compiled loop per lane width; see AdamMoments.Apply
    private static int Apply<TLane>(int i, Span<float> w, ReadOnlySpan<float> g, float learningRate)
        where TLane : struct, ILane<TLane>
    {
        TLane lr = TLane.Broadcast(learningRate);
        for (; i <= w.Length - TLane.Count; i += TLane.Count)
        {
            TLane wi = TLane.Load(w, i) - lr * TLane.Load(g, i);
            wi.Store(w, i);
        }
        return i;
    }
}
