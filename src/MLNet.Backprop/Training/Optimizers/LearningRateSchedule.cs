namespace MLNet.Backprop.Training.Optimizers;

/// <summary>The learning rate to use in each epoch.</summary>
/// <remarks>Rates are computed in double precision from the float settings and rounded to float once.</remarks>
public abstract class LearningRateSchedule
{
    /// <summary>Creates a schedule with the initial learning rate <paramref name="learningRate"/>.</summary>
    /// <param name="learningRate">η at epoch 0; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not finite and positive.</exception>
    protected LearningRateSchedule(float learningRate)
    {
        LearningRate = HyperParameter.Positive(learningRate, nameof(learningRate));
    }

    /// <summary>The initial learning rate η (at epoch 0).</summary>
    public float LearningRate { get; }

    /// <summary>The learning rate for <paramref name="epoch"/>.</summary>
    /// <param name="epoch">The 0-based epoch; ≥ 0.</param>
    /// <returns>The learning rate, finite and ≥ 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public abstract float GetLearningRate(int epoch);

    /// <summary>Creates the schedule of kind <paramref name="kind"/>. Only the options that kind uses are read and validated.</summary>
    /// <param name="kind">The schedule.</param>
    /// <param name="learningRate">η at epoch 0; finite and &gt; 0 (all kinds).</param>
    /// <param name="totalEpochs">Length of the cosine; ≥ 1 (<see cref="LearningRateScheduleKind.Cosine"/>).</param>
    /// <param name="stepSize">Epochs between decays; ≥ 1 (<see cref="LearningRateScheduleKind.StepDecay"/>).</param>
    /// <param name="gamma">Decay factor γ in (0, 1] (<see cref="LearningRateScheduleKind.StepDecay"/>,
    /// <see cref="LearningRateScheduleKind.Exponential"/>).</param>
    /// <param name="minimumLearningRate">Final rate, in [0, η] (<see cref="LearningRateScheduleKind.Cosine"/>).</param>
    /// <returns>A new schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option the kind uses is out of range, or <paramref name="kind"/> is
    /// not defined.</exception>
    public static LearningRateSchedule Create(
        LearningRateScheduleKind kind, float learningRate, int totalEpochs, int stepSize, float gamma, float minimumLearningRate) =>
        kind switch
        {
            LearningRateScheduleKind.Constant => new ConstantSchedule(learningRate),
            LearningRateScheduleKind.StepDecay => new StepDecaySchedule(learningRate, stepSize, gamma),
            LearningRateScheduleKind.Exponential => new ExponentialSchedule(learningRate, gamma),
            LearningRateScheduleKind.Cosine => new CosineSchedule(learningRate, totalEpochs, minimumLearningRate),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown learning-rate schedule kind."),
        };

    /// <summary>Throws when <paramref name="epoch"/> is negative.</summary>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    protected static void CheckEpoch(int epoch)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "epoch must be ≥ 0.");
    }
}
