namespace MLNet.Backprop.Training.Optimizers;

/// <summary>The learning rate to use in each epoch.</summary>
/// <remarks>Rates are computed in double precision from the float settings and rounded to float once. The settings
/// were checked with the trainer's options; a schedule trusts them.</remarks>
internal abstract class LearningRateSchedule(float learningRate)
{
    /// <summary>The initial learning rate η (at epoch 0).</summary>
    public float LearningRate { get; } = learningRate;

    /// <summary>The learning rate for the 0-based <paramref name="epoch"/>.</summary>
    public abstract float GetLearningRate(int epoch);

    /// <summary>Creates the schedule of kind <paramref name="kind"/>; each kind reads the settings it uses.</summary>
    /// <param name="kind">The schedule.</param>
    /// <param name="learningRate">η at epoch 0 (all kinds).</param>
    /// <param name="totalEpochs">Length of the cosine (<see cref="LearningRateScheduleKind.Cosine"/>) or of the cycles (<see cref="LearningRateScheduleKind.CosLog4"/>).</param>
    /// <param name="stepSize">Epochs between decays (<see cref="LearningRateScheduleKind.StepDecay"/>).</param>
    /// <param name="gamma">Decay factor γ (<see cref="LearningRateScheduleKind.StepDecay"/>, <see cref="LearningRateScheduleKind.Exponential"/>).</param>
    /// <param name="minimumLearningRate">Final rate (<see cref="LearningRateScheduleKind.Cosine"/>), the cycles' ends' (<see cref="LearningRateScheduleKind.CosLog4"/>).</param>
    public static LearningRateSchedule Create(
        LearningRateScheduleKind kind, float learningRate, int totalEpochs, int stepSize, float gamma, float minimumLearningRate) =>
        kind switch
        {
            LearningRateScheduleKind.Constant => new ConstantSchedule(learningRate),
            LearningRateScheduleKind.StepDecay => new StepDecaySchedule(learningRate, stepSize, gamma),
            LearningRateScheduleKind.Exponential => new ExponentialSchedule(learningRate, gamma),
            LearningRateScheduleKind.Cosine => new CosineSchedule(learningRate, totalEpochs, minimumLearningRate),
            LearningRateScheduleKind.CosLog4 => new CosLogSchedule(learningRate, totalEpochs, minimumLearningRate),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown learning-rate schedule kind."),
        };
}
