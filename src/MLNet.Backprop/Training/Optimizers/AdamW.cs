using MLNet.Backprop.Network;

namespace MLNet.Backprop.Training.Optimizers;

/// <summary>AdamW (Loshchilov &amp; Hutter, 2019): <see cref="Adam"/> with decoupled weight decay, on by default.</summary>
/// <remarks>
/// <para>At each step, weight matrices first shrink by <c>w ← w·(1 − η·λ)</c> (the base class's decoupled decay; biases
/// are not decayed), then the <see cref="Adam"/> update runs unchanged. Unlike an L2 penalty added to the gradient, the
/// decay is not rescaled by Adam's per-weight denominators.</para>
/// <para>Reference: I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019, arXiv:1711.05101.</para>
/// </remarks>
internal sealed class AdamW : Adam
{
    /// <summary>Creates AdamW over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update; at least one.</param>
    /// <param name="weightDecay">Decoupled weight decay λ on weight matrices; finite and ≥ 0. Default 0.01.</param>
    /// <param name="beta1">Decay rate β1 of the first moment, in [0, 1). Default 0.9.</param>
    /// <param name="beta2">Decay rate β2 of the second moment, in [0, 1). Default 0.999.</param>
    /// <param name="epsilon">Denominator term ε; finite and &gt; 0. Default 1e-8.</param>
    public AdamW(
        IReadOnlyList<Parameter> parameters,
        float weightDecay = Defaults.AdamWWeightDecay,
        float beta1 = Defaults.Beta1,
        float beta2 = Defaults.Beta2,
        float epsilon = Defaults.Epsilon)
        : base(parameters, beta1, beta2, epsilon, weightDecay)
    {
    }
}
