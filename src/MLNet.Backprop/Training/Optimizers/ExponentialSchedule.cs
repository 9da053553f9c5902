namespace MLNet.Backprop.Training.Optimizers;

/// <summary>The learning rate multiplied by γ every epoch: <c>η·γ^epoch</c>.</summary>
internal sealed class ExponentialSchedule(float learningRate, float gamma) : LearningRateSchedule(learningRate)
{
    /// <summary>Decay factor γ.</summary>
    public float Gamma { get; } = gamma;

    public override float GetLearningRate(int epoch) => (float)(LearningRate * Math.Pow(Gamma, epoch));
}
