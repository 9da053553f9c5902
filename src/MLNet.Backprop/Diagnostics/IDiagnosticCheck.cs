using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>One rule of the training diagnosis.</summary>
internal interface IDiagnosticCheck
{
    /// <summary>True when the check is cheap and meaningful on a partial history, so it runs after every epoch.</summary>
    bool PerEpoch { get; }

    /// <summary>The findings of this rule on <paramref name="history"/>.</summary>
    /// <param name="history">The epochs so far.</param>
    /// <param name="context">The run's network and settings.</param>
    /// <param name="complete">False while training is still running: a rule needing several epochs waits for them.</param>
    IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete);
}
