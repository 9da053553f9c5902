using MLNet.Backprop.Network;

namespace MLNet.Backprop.Training.Optimizers;

/// <summary>Builds the update rule named by an <see cref="OptimizerKind"/>.</summary>
public static class OptimizerFactory
{
    /// <summary>Creates the optimizer of kind <paramref name="kind"/> over <paramref name="parameters"/>.</summary>
    /// <param name="kind">The update rule.</param>
    /// <param name="parameters">The parameters to update; at least one.</param>
    /// <param name="settings">Hyper-parameters; each rule takes the ones it uses. A <see langword="null"/>
    /// <see cref="OptimizerSettings.WeightDecay"/> means 0 for every rule except <see cref="OptimizerKind.AdamW"/>, where it
    /// means <see cref="OptimizerSettings.Defaults.AdamWWeightDecay"/>.</param>
    /// <returns>A new optimizer with fresh (zero) state.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or <paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined <see cref="OptimizerKind"/>.</exception>
    public static Optimizer Create(OptimizerKind kind, IReadOnlyList<Parameter> parameters, OptimizerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(settings);
        float weightDecay = settings.WeightDecay ?? (kind == OptimizerKind.AdamW ? OptimizerSettings.Defaults.AdamWWeightDecay : 0f);
        return kind switch
        {
            OptimizerKind.Sgd => new Sgd(parameters, weightDecay),
            OptimizerKind.Momentum => new MomentumSgd(parameters, settings.Momentum, weightDecay),
            OptimizerKind.Nesterov => new NesterovSgd(parameters, settings.Momentum, weightDecay),
            OptimizerKind.Adagrad => new Adagrad(parameters, settings.Epsilon, weightDecay),
            OptimizerKind.RmsProp => new RmsProp(parameters, settings.RmsPropDecay, settings.Epsilon, weightDecay),
            OptimizerKind.Adam => new Adam(parameters, settings.Beta1, settings.Beta2, settings.Epsilon, weightDecay),
            OptimizerKind.AdamW => new AdamW(parameters, weightDecay, settings.Beta1, settings.Beta2, settings.Epsilon),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer kind."),
        };
    }
}
