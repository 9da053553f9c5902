using MLNet.Backprop.Network;

namespace MLNet.Backprop.Training.Optimizers;

/// <summary>SGD with Nesterov momentum, in PyTorch's form: <c>v ← μ·v + g; w ← w − η·(g + μ·v)</c>.</summary>
/// <remarks>The step looks ahead along the updated velocity. The velocity starts at zero. Each element is computed as
/// <c>v = (μ·v) + g</c>, then <c>w = w − η·(g + (μ·v))</c>, in single precision, in vector lanes and the scalar tail
/// alike.</remarks>
internal sealed class NesterovSgd : MomentumSgd
{
    /// <summary>Creates Nesterov SGD over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update; at least one.</param>
    /// <param name="momentum">Momentum μ in [0, 1). Default 0.9.</param>
    /// <param name="weightDecay">Decoupled weight decay λ on weight matrices; finite and ≥ 0. Default 0.</param>
    public NesterovSgd(IReadOnlyList<Parameter> parameters, float momentum = Defaults.Momentum, float weightDecay = 0f)
        : base(parameters, momentum, weightDecay, nesterov: true)
    {
    }
}
