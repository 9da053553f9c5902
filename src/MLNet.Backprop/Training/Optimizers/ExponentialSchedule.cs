namespace MLNet.Backprop.Training.Optimizers;

/// <summary>The learning rate multiplied by γ every epoch: <c>η·γ^epoch</c>.</summary>
public sealed class ExponentialSchedule : LearningRateSchedule
{
    /// <summary>Creates an exponential-decay schedule.</summary>
    /// <param name="learningRate">η at epoch 0; finite and &gt; 0.</param>
    /// <param name="gamma">Decay factor γ in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public ExponentialSchedule(float learningRate, float gamma)
        : base(learningRate)
    {
        Gamma = HyperParameter.DecayFactor(gamma, nameof(gamma));
    }

    /// <summary>Decay factor γ.</summary>
    public float Gamma { get; }

    /// <inheritdoc/>
    public override float GetLearningRate(int epoch)
    {
        CheckEpoch(epoch);
        return (float)(LearningRate * Math.Pow(Gamma, epoch));
    }
}
