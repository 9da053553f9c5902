namespace MLNet.Backprop.Training.Optimizers;

/// <summary>Cosine annealing (Loshchilov &amp; Hutter, 2017, without restarts):
/// <c>η_min + ½(η − η_min)(1 + cos(π·epoch / totalEpochs))</c>, and <c>η_min</c> from <c>totalEpochs</c> on.</summary>
internal sealed class CosineSchedule(float learningRate, int totalEpochs, float minimumLearningRate) : LearningRateSchedule(learningRate)
{
    /// <summary>Epochs over which the rate falls to <see cref="MinimumLearningRate"/>.</summary>
    public int TotalEpochs { get; } = totalEpochs;

    /// <summary>η_min, the final rate.</summary>
    public float MinimumLearningRate { get; } = minimumLearningRate;

    public override float GetLearningRate(int epoch)
    {
        if (epoch >= TotalEpochs) return MinimumLearningRate;
        double min = MinimumLearningRate;
        return (float)(min + 0.5 * (LearningRate - min) * (1.0 + Math.Cos(Math.PI * epoch / TotalEpochs)));
    }
}
