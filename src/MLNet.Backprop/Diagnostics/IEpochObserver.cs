using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>
/// A per-epoch check fed one epoch at a time: after each new epoch it returns what the check's <c>Check</c> would
/// return on the whole history so far (complete: false), up to and including its first findings, keeping running
/// state instead of re-reading every epoch (training for hundreds of short epochs must not cost O(epochs²)). After its
/// first findings it returns nothing: the monitor raises a kind once, so later ones would be dropped anyway.
/// </summary>
internal interface IEpochObserver
{
    /// <summary>Reads the history's last epoch (the one just completed).</summary>
    IEnumerable<Finding> Observe(TrainingHistory history, DiagnosisContext context);
}

/// <summary>A per-epoch check that can be followed epoch by epoch (<see cref="IEpochObserver"/>).</summary>
internal interface IObservedCheck : IDiagnosticCheck
{
    /// <summary>A fresh observer for one training run.</summary>
    IEpochObserver StartObserver();
}
