using System.Runtime.CompilerServices;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training.Optimizers;

/// <summary>RMSprop (Tieleman &amp; Hinton, 2012): <c>s ← ρ·s + (1 − ρ)·g²; w ← w − η·g / (√s + ε)</c>.</summary>
/// <remarks>Like <see cref="Adagrad"/>, but with an exponential moving average <c>s</c> of squared gradients (starting at
/// zero) instead of a sum, so the rates do not decay to zero. Each element is computed as
/// <c>s = (ρ·s) + ((1 − ρ)·(g·g))</c>, then <c>w = w − (η·g) / (√s + ε)</c>, in single precision with <c>1 − ρ</c>
/// rounded once, in vector lanes and the scalar tail alike.</remarks>
internal sealed class RmsProp : Optimizer
{
    private readonly float[][] _meanSquare;

    /// <summary>Creates RMSprop over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update; at least one.</param>
    /// <param name="rho">Decay rate ρ of the mean square, in [0, 1). Default 0.9.</param>
    /// <param name="epsilon">Denominator term ε; finite and &gt; 0. Default 1e-8.</param>
    /// <param name="weightDecay">Decoupled weight decay λ on weight matrices; finite and ≥ 0. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rho"/> is outside [0, 1), or
    /// <paramref name="epsilon"/> is not finite and positive.</exception>
    public RmsProp(
        IReadOnlyList<Parameter> parameters,
        float rho = Defaults.RmsPropDecay,
        float epsilon = Defaults.Epsilon,
        float weightDecay = 0f)
        : base(parameters, weightDecay)
    {
        Rho = rho;
        Epsilon = epsilon;
        _powers = new Powers(rho);
        _meanSquare = [.. parameters.Select(ElementState)];
    }

    /// <summary>Decay rate ρ of the mean square.</summary>
    public float Rho { get; }

    /// <summary>Denominator term ε.</summary>
    public float Epsilon { get; }

    /// <summary>The moving average of squared gradients <c>s</c> of the parameter at <paramref name="index"/>.</summary>
    internal ReadOnlySpan<float> MeanSquare(int index) => _meanSquare[index];

    private protected override IReadOnlyList<float[]> RuleState => _meanSquare;

    /// <summary>A step on a zero gradient does not move the values (only the weight decay does); the mean square decays.</summary>
    protected override double? ZeroGradientRatio => 0;

    /// <summary>The weight decay, then s ← ρ^steps·s.</summary>
    protected override void SkipSteps(int index, int offset, Span<float> values, float keep, float move, double epsilonMove, long from, long steps)
    {
        base.SkipSteps(index, offset, values, keep, move, epsilonMove, from, steps);
        Span<float> s = _meanSquare[index].AsSpan(offset, values.Length);
        System.Numerics.Tensors.TensorPrimitives.Multiply(s, _powers.Of(steps), s);
    }

    private readonly Powers _powers;

    /// <inheritdoc/>
    protected override void Update(int index, int offset, Span<float> values, ReadOnlySpan<float> gradients, float learningRate)
    {
        Span<float> s = _meanSquare[index].AsSpan(offset, values.Length); // throws if the parameter list changed since construction
        int i = 0;
        if (Lanes.Use512) i = Apply<Vector512Lane>(i, values, gradients, s, learningRate, Rho, Epsilon);
        if (Lanes.Use256) i = Apply<Vector256Lane>(i, values, gradients, s, learningRate, Rho, Epsilon);
        if (Lanes.Use128) i = Apply<Vector128Lane>(i, values, gradients, s, learningRate, Rho, Epsilon);
        Apply<ScalarLane>(i, values, gradients, s, learningRate, Rho, Epsilon);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // one compiled loop per lane width; see AdamMoments.Apply
    private static int Apply<TLane>(int i, Span<float> w, ReadOnlySpan<float> g, Span<float> s, float learningRate, float rho, float epsilon)
        where TLane : struct, ILane<TLane>
    {
        TLane lr = TLane.Broadcast(learningRate), eps = TLane.Broadcast(epsilon);
        TLane decay = TLane.Broadcast(rho), oneMinusDecay = TLane.Broadcast(1f - rho);
        for (; i <= w.Length - TLane.Count; i += TLane.Count)
        {
            TLane gi = TLane.Load(g, i);
            TLane si = decay * TLane.Load(s, i) + oneMinusDecay * (gi * gi);
            TLane wi = TLane.Load(w, i) - lr * gi / (TLane.Sqrt(si) + eps);
            si.Store(s, i);
            wi.Store(w, i);
        }
        return i;
    }
}
