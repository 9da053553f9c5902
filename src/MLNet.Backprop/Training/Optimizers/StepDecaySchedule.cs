namespace MLNet.Backprop.Training.Optimizers;

/// <summary>The learning rate multiplied by γ every <c>stepSize</c> epochs: <c>η·γ^⌊epoch / stepSize⌋</c>.</summary>
public sealed class StepDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates a step-decay schedule.</summary>
    /// <param name="learningRate">η at epoch 0; finite and &gt; 0.</param>
    /// <param name="stepSize">Epochs between decays; ≥ 1.</param>
    /// <param name="gamma">Decay factor γ in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public StepDecaySchedule(float learningRate, int stepSize, float gamma)
        : base(learningRate)
    {
        StepSize = HyperParameter.AtLeastOne(stepSize, nameof(stepSize));
        Gamma = HyperParameter.DecayFactor(gamma, nameof(gamma));
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>Decay factor γ.</summary>
    public float Gamma { get; }

    /// <inheritdoc/>
    public override float GetLearningRate(int epoch)
    {
        CheckEpoch(epoch);
        return (float)(LearningRate * Math.Pow(Gamma, epoch / StepSize));
    }
}
