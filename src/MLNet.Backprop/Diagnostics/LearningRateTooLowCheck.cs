using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>The loss barely moves over the first epochs (below the constant prediction's loss, when the first epoch was
/// above it) and the weights barely change (unless another finding explains it: <see cref="NoLearningCheck.OtherFindingExplains"/>).</summary>
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
        // A first epoch whose loss is still above the constant prediction's spent its first steps learning the label's
        // average (the output's bias), which the features do not teach: from it the progress is measured. SGD on the
        // fine-food reviews (65 % great) fell 5.6 % from 0.689 to 0.650 in 10 epochs, all of it towards the average's
        // 0.647, with steps of 3e-5 of the weights; told nothing, it ended at test AUC 0.78 against 0.85 at the raised rate.
        // A run that never clearly beat the average is the NoLearning check's, as before.
        double? constant = context.ConstantPredictionLoss is double c && c > 1e-6 && c < start
            && NoLearningCheck.BestTrainingLoss(history) is double best && !NoLearningCheck.LearnedNothing(best, c, t) ? c : null;
        double from = constant ?? start;
        double change = (from - end) / Math.Abs(from);
        double ratio = DiagnosisMath.MeanUpdateRatio(epochs);
        if (double.IsNaN(ratio)) yield break; // diagnostics off: no update ratios to tell "slow" from "converged"
        if (change >= t.SlowRelativeChange || ratio >= t.SlowUpdateRatio || NoLearningCheck.OtherFindingExplains(history, t)) yield break;
        float rate = epochs[0].LearningRate;
        // Steps of 10× the slow ratio: about 1e-3 of the weights' norm, the usual healthy update.
        double suggested = DiagnosisMath.RaisedLearningRate(rate, ratio, 10 * t.SlowUpdateRatio);
        // A penalty or decay that holds the weights at 0 (or makes them grow) is not cured by a higher rate: it is named
        // first, and the raised rate is judged as its advice leaves the run.
        var cause = DivergenceCause.OfStalledRun(context, DiagnosisMath.Steps(epochs));
        var followed = cause?.Followed(context) ?? context;
        var evidence = DiagnosisMath.Evidence(("RelativeLossChange", change), ("MeanUpdateRatio", ratio), ("LearningRate", rate), ("SuggestedLearningRate", suggested));
        if (constant is double baseline) evidence["ConstantPredictionLoss"] = baseline;
        if (followed.SuggestedWeightDecay(suggested) is double decay) evidence["SuggestedWeightDecay"] = decay;
        string moved = $"the weights moved by {ratio:G2} of their norm per step (learning rate {rate:G3})";
        string message = constant is double average
            ? $"the training loss was {end:G4} after the first {epochs.Length} epochs, {Math.Abs(change):P2} {(change > 0 ? "below" : "above")} {average:G4}, the loss of predicting " +
                $"the average label for everyone, which the first epoch ({start:G4}) had not reached: the steps learned the average, little from the features, and {moved}"
            : $"the training loss changed by {change:P2} over the first {epochs.Length} epochs and {moved}";
        string advice = $"raise the learning rate ({followed.RaisedLearningRateSetting(suggested)})" + (context.AdaptiveSteps ? "" : " or use Adam");
        if (cause is not null) (message, advice) = cause.Explain(message, advice, "it still learns slowly", evidence);
        else (message, advice) = InputScaleCheck.Explain(context, message, advice, "it still learns slowly");
        yield return new Finding
        {
            Kind = FindingKind.LearningRateTooLow,
            Severity = FindingSeverity.Warning,
            Epoch = epochs[^1].Epoch,
            Message = message,
            Advice = advice,
            Evidence = evidence,
        };
    }
}
