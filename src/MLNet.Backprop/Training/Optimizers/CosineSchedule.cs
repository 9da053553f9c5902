namespace MLNet.Backprop.Training.Optimizers;

/// <summary>Cosine annealing (Loshchilov &amp; Hutter, 2017, without restarts):
/// <c>η_min + ½(η − η_min)(1 + cos(π·epoch / totalEpochs))</c>, and <c>η_min</c> from <c>totalEpochs</c> on.</summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    /// <summary>Creates a cosine schedule.</summary>
    /// <param name="learningRate">η at epoch 0; finite and &gt; 0.</param>
    /// <param name="totalEpochs">Epochs over which the rate falls to <paramref name="minimumLearningRate"/>; ≥ 1.</param>
    /// <param name="minimumLearningRate">η_min, the final rate; in [0, <paramref name="learningRate"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public CosineSchedule(float learningRate, int totalEpochs, float minimumLearningRate = 0f)
        : base(learningRate)
    {
        TotalEpochs = HyperParameter.AtLeastOne(totalEpochs, nameof(totalEpochs));
        if (!(minimumLearningRate >= 0f && minimumLearningRate <= learningRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(minimumLearningRate), minimumLearningRate, $"minimumLearningRate must be in [0, learningRate = {learningRate}].");
        }
        MinimumLearningRate = minimumLearningRate;
    }

    /// <summary>Epochs over which the rate falls to <see cref="MinimumLearningRate"/>.</summary>
    public int TotalEpochs { get; }

    /// <summary>η_min, the final rate.</summary>
    public float MinimumLearningRate { get; }

    /// <inheritdoc/>
    public override float GetLearningRate(int epoch)
    {
        CheckEpoch(epoch);
        if (epoch >= TotalEpochs) return MinimumLearningRate;
        double min = MinimumLearningRate;
        return (float)(min + 0.5 * (LearningRate - min) * (1.0 + Math.Cos(Math.PI * epoch / TotalEpochs)));
    }
}
