using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>A per-epoch check's observer fed a history one epoch at a time, as the trainer feeds it during training.</summary>
internal static class ObservedRun
{
    /// <summary>Every finding <paramref name="check"/>'s observer raises over <paramref name="history"/>'s epochs.</summary>
    public static List<Finding> Findings(IObservedCheck check, TrainingHistory history, DiagnosisContext context)
    {
        var observer = check.StartObserver();
        var partial = new TrainingHistory();
        var found = new List<Finding>();
        foreach (var epoch in history.Epochs)
        {
            partial.Add(epoch);
            found.AddRange(observer.Observe(partial, context));
        }
        return found;
    }
}
