using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>One rule of the training diagnosis.</summary>
internal interface IDiagnosticCheck
{
    /// <summary>True when the check is cheap and meaningful on a partial history, so it runs after every epoch.</summary>
    bool PerEpoch { get; }

    /// <summary>The findings of this rule on <paramref name="history"/> (possibly partial).</summary>
    IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context);
}
