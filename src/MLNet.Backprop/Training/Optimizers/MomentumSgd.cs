using System.Runtime.CompilerServices;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training.Optimizers;

/// <summary>SGD with heavy-ball momentum, in PyTorch's form (no dampening): <c>v ← μ·v + g; w ← w − η·v</c>.</summary>
/// <remarks>The velocity <c>v</c> starts at zero, so the first step is plain SGD. Each element is computed as
/// <c>v = (μ·v) + g</c>, then <c>w = w − (η·v)</c>, in single precision, in vector lanes and the scalar tail alike.</remarks>
internal class MomentumSgd : Optimizer
{
    private readonly float[][] _velocity;
    private readonly bool _nesterov;

    /// <summary>Creates momentum SGD over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update; at least one.</param>
    /// <param name="momentum">Momentum μ in [0, 1). Default 0.9.</param>
    /// <param name="weightDecay">Decoupled weight decay λ on weight matrices; finite and ≥ 0. Default 0.</param>
    public MomentumSgd(IReadOnlyList<Parameter> parameters, float momentum = Defaults.Momentum, float weightDecay = 0f)
        : this(parameters, momentum, weightDecay, nesterov: false)
    {
    }

    /// <summary>Shared by <see cref="NesterovSgd"/>, which only changes the step direction.</summary>
    private protected MomentumSgd(IReadOnlyList<Parameter> parameters, float momentum, float weightDecay, bool nesterov)
        : base(parameters, weightDecay)
    {
        _nesterov = nesterov;
        Momentum = momentum;
        _powers = new Powers(momentum);
        _velocity = [.. parameters.Select(ElementState)];
    }

    /// <summary>Momentum μ.</summary>
    public float Momentum { get; }

    /// <summary>The velocity <c>v</c> of the parameter at <paramref name="index"/>.</summary>
    internal ReadOnlySpan<float> Velocity(int index) => _velocity[index];

    private protected override IReadOnlyList<float[]> RuleState => _velocity;

    /// <summary>On a zero gradient the velocity decays by μ per step and moves the values by −η·v (Nesterov: −η·μ·v).</summary>
    protected override double? ZeroGradientRatio => Momentum;

    /// <inheritdoc/>
    protected override double ZeroGradientFactor(float learningRate, long t) => _nesterov ? (double)learningRate * Momentum : learningRate;

    /// <summary>w ← keep·w − move·v (v the velocity after the last real step), then v ← μ^steps·v.</summary>
    protected override void SkipSteps(int index, int offset, Span<float> values, float keep, float move, double epsilonMove, long from, long steps)
    {
        Span<float> v = _velocity[index].AsSpan(offset, values.Length);
        float decay = _powers.Of(steps);
        for (int j = 0; j < values.Length; j++)
        {
            values[j] = keep * values[j] - move * v[j];
            v[j] *= decay;
        }
    }

    private readonly Powers _powers;

    /// <inheritdoc/>
    protected override void Update(int index, int offset, Span<float> values, ReadOnlySpan<float> gradients, float learningRate)
    {
        Span<float> v = _velocity[index].AsSpan(offset, values.Length); // throws if the parameter list changed since construction
        int i = 0;
        if (Lanes.Use512) i = Apply<Vector512Lane>(i, values, gradients, v, learningRate, Momentum, _nesterov);
        if (Lanes.Use256) i = Apply<Vector256Lane>(i, values, gradients, v, learningRate, Momentum, _nesterov);
        if (Lanes.Use128) i = Apply<Vector128Lane>(i, values, gradients, v, learningRate, Momentum, _nesterov);
        Apply<ScalarLane>(i, values, gradients, v, learningRate, Momentum, _nesterov);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // one compiled loop per lane width; see AdamMoments.Apply
    private static int Apply<TLane>(int i, Span<float> w, ReadOnlySpan<float> g, Span<float> v, float learningRate, float momentum, bool nesterov)
        where TLane : struct, ILane<TLane>
    {
        TLane lr = TLane.Broadcast(learningRate), mu = TLane.Broadcast(momentum);
        for (; i <= w.Length - TLane.Count; i += TLane.Count)
        {
            TLane gi = TLane.Load(g, i);
            TLane vi = mu * TLane.Load(v, i) + gi;
            // Nesterov steps along the look-ahead g + μ·v instead of the velocity itself.
            TLane wi = TLane.Load(w, i) - lr * (nesterov ? gi + mu * vi : vi);
            vi.Store(v, i);
            wi.Store(w, i);
        }
        return i;
    }
}
