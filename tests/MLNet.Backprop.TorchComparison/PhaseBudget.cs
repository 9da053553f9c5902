using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// Where one profiled <c>Fit</c>'s time went, by <see cref="TrainingPhase"/> (the library's phase clock: each mark
/// charges the time since the previous one to the phase that just ended), with the number of steps.
/// </summary>
internal sealed record PhaseBudget(IReadOnlyDictionary<TrainingPhase, double> Seconds, long Steps)
{
    /// <summary>The phases of a step, in the order a step runs them.</summary>
    public static readonly TrainingPhase[] StepPhases =
    [
        TrainingPhase.Gather, TrainingPhase.ForwardGemm, TrainingPhase.Activation, TrainingPhase.Loss, TrainingPhase.BackwardGemm,
        TrainingPhase.GradientNorm, TrainingPhase.Statistics, TrainingPhase.Optimizer,
    ];

    /// <summary>The whole profiled run.</summary>
    public double Total => Seconds.Values.Sum();

    public static PhaseBudget From(PhaseClock clock) =>
        new(Enum.GetValues<TrainingPhase>().ToDictionary(p => p, clock.Seconds), clock.Steps);
}
