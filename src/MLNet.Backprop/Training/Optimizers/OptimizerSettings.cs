namespace MLNet.Backprop.Training.Optimizers;

/// <summary>
/// Hyper-parameters of the update rules, as chosen by the user; <see cref="OptimizerFactory"/> passes each rule the ones
/// it uses and ignores the rest.
/// </summary>
/// <remarks>Every property validates on assignment and throws <see cref="ArgumentOutOfRangeException"/> naming the property
/// and the rejected value.</remarks>
public sealed class OptimizerSettings
{
    /// <summary>The default of every hyper-parameter, defined once and shared by the settings and the optimizer constructors.</summary>
    public static class Defaults
    {
        /// <summary>Momentum μ of <see cref="MomentumSgd"/> and <see cref="NesterovSgd"/>: 0.9.</summary>
        public const float Momentum = 0.9f;

        /// <summary>Decay rate β1 of Adam's first moment: 0.9.</summary>
        public const float Beta1 = 0.9f;

        /// <summary>Decay rate β2 of Adam's second moment: 0.999.</summary>
        public const float Beta2 = 0.999f;

        /// <summary>Denominator term ε of Adagrad, RMSprop and Adam: 1e-8.</summary>
        public const float Epsilon = 1e-8f;

        /// <summary>Decay rate ρ of RMSprop's mean square: 0.9.</summary>
        public const float RmsPropDecay = 0.9f;

        /// <summary>Decoupled weight decay λ of AdamW when none is set: 0.01 (Loshchilov &amp; Hutter; PyTorch's default).</summary>
        public const float AdamWWeightDecay = 0.01f;
    }

    /// <summary>Momentum μ of the Momentum and Nesterov rules.</summary>
    /// <value>Default is 0.9. Valid range [0, 1).</value>
    public float Momentum { get; init => field = HyperParameter.InUnitInterval(value, nameof(Momentum)); } = Defaults.Momentum;

    /// <summary>Exponential decay rate β1 of Adam's and AdamW's first-moment (mean) estimate.</summary>
    /// <value>Default is 0.9. Valid range [0, 1).</value>
    public float Beta1 { get; init => field = HyperParameter.InUnitInterval(value, nameof(Beta1)); } = Defaults.Beta1;

    /// <summary>Exponential decay rate β2 of Adam's and AdamW's second-moment (uncentred variance) estimate.</summary>
    /// <value>Default is 0.999. Valid range [0, 1).</value>
    public float Beta2 { get; init => field = HyperParameter.InUnitInterval(value, nameof(Beta2)); } = Defaults.Beta2;

    /// <summary>Term ε added to the denominator of Adagrad, RMSprop, Adam and AdamW for numerical stability.</summary>
    /// <value>Default is 1e-8. Valid range: finite and &gt; 0.</value>
    public float Epsilon { get; init => field = HyperParameter.Positive(value, nameof(Epsilon)); } = Defaults.Epsilon;

    /// <summary>Decay rate ρ of RMSprop's moving average of squared gradients.</summary>
    /// <value>Default is 0.9. Valid range [0, 1).</value>
    public float RmsPropDecay { get; init => field = HyperParameter.InUnitInterval(value, nameof(RmsPropDecay)); } = Defaults.RmsPropDecay;

    /// <summary>Decoupled weight decay λ, applied to weight matrices (never biases) as <c>w ← w − η·λ·w</c> before each update.</summary>
    /// <value>Default is <see langword="null"/>: 0 (off) for every rule except AdamW, which uses 0.01.
    /// Valid range: finite and ≥ 0.</value>
    public float? WeightDecay
    {
        get;
        init => field = value is { } decay ? HyperParameter.NonNegative(decay, nameof(WeightDecay)) : null;
    }
}
