namespace MLNet.Backprop.Training.Optimizers;

/// <summary>The same learning rate every epoch: <c>η</c>.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates a constant schedule.</summary>
    /// <param name="learningRate">η; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not finite and positive.</exception>
    public ConstantSchedule(float learningRate)
        : base(learningRate)
    {
    }

    /// <inheritdoc/>
    public override float GetLearningRate(int epoch)
    {
        CheckEpoch(epoch);
        return LearningRate;
    }
}
