namespace MLNet.Backprop.Training;

/// <summary>Training produced a NaN or infinite loss or gradient. Carries where it happened, the history so far and
/// the diagnosis made at that moment.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception (thrown by training only).</summary>
    /// <param name="message">What diverged, where, and what to change.</param>
    /// <param name="epoch">Epoch (1-based) in which it happened.</param>
    /// <param name="batch">Mini-batch (1-based) within the epoch.</param>
    /// <param name="history">The epochs completed before, and the partial record of the diverging one.</param>
    /// <param name="diagnosis">The diagnosis at the divergence, or null for none.</param>
    internal TrainingDivergedException(string message, int epoch, int batch, TrainingHistory history, TrainingDiagnosis? diagnosis = null) : base(message)
    {
        Epoch = epoch;
        Batch = batch;
        History = history;
        Diagnosis = diagnosis ?? TrainingDiagnosis.Healthy;
    }

    /// <summary>The diagnosis at the moment of divergence: a Critical <see cref="FindingKind.Divergence"/>
    /// finding with a suggested clip norm and learning rate in its evidence, and whatever else was found.</summary>
    public TrainingDiagnosis Diagnosis { get; }

    /// <summary>Epoch (1-based) in which the divergence happened.</summary>
    public int Epoch { get; }

    /// <summary>Mini-batch (1-based) within that epoch.</summary>
    public int Batch { get; }

    /// <summary>What was recorded up to the divergence.</summary>
    public TrainingHistory History { get; }
}
