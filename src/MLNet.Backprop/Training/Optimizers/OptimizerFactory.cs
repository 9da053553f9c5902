using MLNet.Backprop.Network;

namespace MLNet.Backprop.Training.Optimizers;

/// <summary>Builds the update rule named by an <see cref="OptimizerKind"/>.</summary>
internal static class OptimizerFactory
{
    /// <summary>True for the rules whose step is about the learning rate per weight whatever the gradient's scale
    /// (RMSprop, Adam, AdamW): advice to switch to Adam or RMSprop, given for the others, does not apply to them.</summary>
    public static bool StepsAdaptively(OptimizerKind optimizer) => optimizer is OptimizerKind.RmsProp or OptimizerKind.Adam or OptimizerKind.AdamW;

    /// <summary>Creates the optimizer of kind <paramref name="kind"/> over <paramref name="parameters"/>, with fresh (zero) state.</summary>
    public static Optimizer Create(OptimizerKind kind, IReadOnlyList<Parameter> parameters, OptimizerSettings settings)
    {
        float weightDecay = settings.WeightDecay ?? Defaults.WeightDecayOf(kind);
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
