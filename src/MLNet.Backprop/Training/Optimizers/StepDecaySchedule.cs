namespace MLNet.Backprop.Training.Optimizers;

/// <summary>The learning rate multiplied by γ every <c>stepSize</c> epochs: <c>η·γ^⌊epoch / stepSize⌋</c>.</summary>
internal sealed class StepDecaySchedule(float learningRate, int stepSize, float gamma) : LearningRateSchedule(learningRate)
{
    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; } = stepSize;

    /// <summary>Decay factor γ.</summary>
    public float Gamma { get; } = gamma;

    public override float GetLearningRate(int epoch) => (float)(LearningRate * Math.Pow(Gamma, epoch / StepSize));
}
