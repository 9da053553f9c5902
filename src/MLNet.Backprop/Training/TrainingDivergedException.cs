namespace MLNet.Backprop.Training;

/// <summary>Training produced a NaN or infinite loss or gradient. Carries where it happened and the history so far.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What diverged, where, and what to change.</param>
    /// <param name="epoch">Epoch (1-based) in which it happened.</param>
    /// <param name="batch">Mini-batch (1-based) within the epoch.</param>
    /// <param name="history">The epochs completed before, and the partial record of the diverging one.</param>
    public TrainingDivergedException(string message, int epoch, int batch, TrainingHistory history) : base(message)
    {
        Epoch = epoch;
        Batch = batch;
        History = history;
    }

    /// <summary>Epoch (1-based) in which the divergence happened.</summary>
    public int Epoch { get; }

    /// <summary>Mini-batch (1-based) within that epoch.</summary>
    public int Batch { get; }

    /// <summary>What was recorded up to the divergence.</summary>
    public TrainingHistory History { get; }
}
