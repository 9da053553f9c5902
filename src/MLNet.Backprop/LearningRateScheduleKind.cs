namespace MLNet.Backprop;

/// <summary>How the learning rate changes from epoch to epoch (epochs are 0-based).</summary>
public enum LearningRateScheduleKind
{
    /// <summary>The same rate every epoch: <c>η</c>.</summary>
    Constant,
    /// <summary>Multiplied by γ every <c>stepSize</c> epochs: <c>η·γ^⌊epoch / stepSize⌋</c>.</summary>
    StepDecay,
    /// <summary>Multiplied by γ every epoch: <c>η·γ^epoch</c>.</summary>
    Exponential,
    /// <summary>Half a cosine from η down to a minimum over the training: <c>η_min + ½(η − η_min)(1 + cos(π·epoch / total))</c>.</summary>
    Cosine,
    /// <summary>RealMLP's multi-cycle "coslog4" (Holzmüller et al. 2024): 4 cosine cycles, each twice as long as the one
    /// before, rising from the minimum to η and falling back:
    /// <c>η_min + (η − η_min)·½(1 − cos(2π·log₂(1 + 15t)))</c> with t = (epoch + ½) / total, the epoch's midpoint.</summary>
    CosLog4,
}
