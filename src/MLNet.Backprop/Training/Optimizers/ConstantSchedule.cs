namespace MLNet.Backprop.Training.Optimizers;

/// <summary>The same learning rate every epoch: <c>η</c>.</summary>
internal sealed class ConstantSchedule(float learningRate) : LearningRateSchedule(learningRate)
{
    public override float GetLearningRate(int epoch) => LearningRate;
}
