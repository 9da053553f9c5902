using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>The loss barely moves over the first epochs and the weights barely change.</summary>
internal sealed class LearningRateTooLowCheck : IDiagnosticCheck
{
    public bool PerEpoch => false;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        var t = context.Thresholds;
        var epochs = history.Epochs.Take(t.SlowEpochs).ToArray();
        if (epochs.Length < 5) yield break;
        double start = epochs[0].TrainingLoss, end = epochs[^1].TrainingLoss;
        if (!(Math.Abs(start) > 1e-6) || !double.IsFinite(end)) yield break;
        double change = (start - end) / Math.Abs(start);
        var ratios = epochs.SelectMany(e => e.Layers).Select(l => l.UpdateRatio).Where(r => double.IsFinite(r) && r > 0).ToArray();
        if (ratios.Length == 0) yield break; // diagnostics off: no update ratios to tell "slow" from "converged"
        double ratio = ratios.Average();
        if (change >= t.SlowRelativeChange || ratio >= t.SlowUpdateRatio) yield break;
        float rate = epochs[0].LearningRate;
        double suggested = DiagnosisMath.Round1(rate * 10);
        yield return new Finding
        {
            Kind = FindingKind.LearningRateTooLow,
            Severity = FindingSeverity.Warning,
            Epoch = epochs[^1].Epoch,
            Message = $"the training loss changed by {change:P2} over the first {epochs.Length} epochs and the weights moved by {ratio:G2} of their norm per step (learning rate {rate:G3})",
            Advice = $"raise the learning rate (LearningRate = {suggested:G3}) or use Adam",
            Evidence = DiagnosisMath.Evidence(("RelativeLossChange", change), ("MeanUpdateRatio", ratio), ("LearningRate", rate), ("SuggestedLearningRate", suggested)),
        };
    }
}
