namespace MLNet.Backprop.Training;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All requested epochs ran.</summary>
    Completed,
    /// <summary>Early stopping: the watched metric stopped improving for the patience.</summary>
    EarlyStopped,
    /// <summary>The loss or gradients became non-finite; the best finite weights were returned.</summary>
    Diverged,
}

/// <summary>The record of a training run: one <see cref="EpochReport"/> per epoch, and how it ended.</summary>
public sealed class TrainingHistory
{
    private readonly List<EpochReport> _epochs = [];

    /// <summary>One report per completed epoch, in order.</summary>
    public IReadOnlyList<EpochReport> Epochs => _epochs;

    /// <summary>Epoch (1-based) whose weights the model holds: the best one under early stopping, else the last.</summary>
    public int BestEpoch { get; internal set; }

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; internal set; }

    /// <summary>Total wall-clock time of training.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>What the automatic diagnosis found in the run (gradient flow, units, learning rate, overfitting, input
    /// scales), most severe first; set when training ends or diverges.</summary>
    public TrainingDiagnosis Diagnosis { get; internal set; } = TrainingDiagnosis.Healthy;

    internal void Add(EpochReport report) => _epochs.Add(report);

    internal void ReplaceLast(EpochReport report) => _epochs[^1] = report;
}
