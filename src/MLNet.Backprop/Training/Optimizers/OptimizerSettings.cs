namespace MLNet.Backprop.Training.Optimizers;

/// <summary>Hyper-parameters of the update rules; <see cref="OptimizerFactory"/> passes each rule the ones it uses.
/// Built from the trainer's checked options (the defaults are <see cref="Defaults"/>').</summary>
internal sealed record OptimizerSettings
{
    /// <summary>Momentum μ of the Momentum and Nesterov rules.</summary>
    public float Momentum { get; init; } = Defaults.Momentum;

    /// <summary>Decay rate β1 of Adam's first moment.</summary>
    public float Beta1 { get; init; } = Defaults.Beta1;

    /// <summary>Decay rate β2 of Adam's second moment.</summary>
    public float Beta2 { get; init; } = Defaults.Beta2;

    /// <summary>Denominator term ε of Adagrad, RMSprop and Adam.</summary>
    public float Epsilon { get; init; } = Defaults.Epsilon;

    /// <summary>Decay rate ρ of RMSprop's mean square.</summary>
    public float RmsPropDecay { get; init; } = Defaults.RmsPropDecay;

    /// <summary>Decoupled weight decay λ, or null for the rule's default (<see cref="Defaults.WeightDecayOf"/>).</summary>
    public float? WeightDecay { get; init; }
}
