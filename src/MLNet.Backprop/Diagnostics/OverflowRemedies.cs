using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Diagnostics;

/// <summary>What to try when a trained network's outputs overflow float (the hold-out scoring and the final output
/// check): a smaller learning rate and clipping always; an adaptive rule only for a run not already on one.</summary>
internal static class OverflowRemedies
{
    public static string For(OptimizerKind optimizer) =>
        "Try a learning rate 10× lower" + (OptimizerFactory.StepsAdaptively(optimizer)
            ? " or gradient clipping (GradientClipNorm = 1)."
            : ", gradient clipping (GradientClipNorm = 1), or Adam/RMSprop.");
}
