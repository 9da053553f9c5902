namespace MLNet.Backprop.Training.Optimizers;

/// <summary>RealMLP's multi-cycle schedule "coslog4" (Holzmüller et al. 2024): with training progress t ∈ [0, 1],
/// <c>η_min + (η − η_min)·½(1 − cos(2π·log₂(1 + (2ᵏ − 1)·t)))</c>, k = 4 cycles, each twice as long as the one before and
/// each rising from η_min to η and falling back. The reference evaluates it per step; here per epoch, at the epoch's
/// midpoint t = (epoch + ½) / totalEpochs, so that no epoch trains at the cycles' zero ends (the first epoch at t = 0 would
/// not move). From <c>totalEpochs</c> on: η_min.</summary>
internal sealed class CosLogSchedule(float learningRate, int totalEpochs, float minimumLearningRate) : LearningRateSchedule(learningRate)
{
    /// <summary>k: the cycles over the training.</summary>
    public const int Cycles = 4;

    /// <summary>Epochs the cycles span.</summary>
    public int TotalEpochs { get; } = totalEpochs;

    /// <summary>η_min, the rate at each cycle's ends.</summary>
    public float MinimumLearningRate { get; } = minimumLearningRate;

    public override float GetLearningRate(int epoch)
    {
        if (epoch >= TotalEpochs) return MinimumLearningRate;
        double t = (epoch + 0.5) / TotalEpochs, min = MinimumLearningRate;
        double factor = 0.5 * (1 - Math.Cos(2 * Math.PI * Math.Log2(1 + ((1 << Cycles) - 1) * t)));
        return (float)(min + (LearningRate - min) * factor);
    }
}
