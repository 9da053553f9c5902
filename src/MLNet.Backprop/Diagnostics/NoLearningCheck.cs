using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>
/// The best training loss of the run never beat the loss of a constant prediction by a clear margin: the network learned
/// nothing beyond the average label. Reported as vanishing gradients when saturating hidden layers are stacked (the usual
/// cause), else as a learning rate too low.
/// </summary>
internal sealed class NoLearningCheck : IDiagnosticCheck
{
    public bool PerEpoch => false;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        var t = context.Thresholds;
        if (!complete || context.ConstantPredictionLoss is not double baseline || !(baseline > 0) || history.Epochs.Count < t.SlowEpochsMinimum) yield break;
        double best = history.Epochs.Min(e => e.TrainingLoss);
        if (!double.IsFinite(best) || best < baseline * (1 - t.NoLearningMargin)) yield break;
        // Dead or saturated units already explain a network that learns nothing (and their own checks say so, with the
        // right advice: often a learning rate too HIGH); do not add a second, contradicting cause.
        var last = history.Epochs[^1].Layers;
        if (last.Any(l => l.DeadUnitShare >= t.DeadShare || l.SaturatedShare >= t.SaturatedShare)) yield break;
        // So does clipping that set the size of every step (the exploding-gradient finding, whose advice lowers the
        // learning rate and raises the clip norm: a "raise the learning rate" here would contradict it).
        if (ExplodingGradientCheck.ClippingSetsTheSteps(history, t)) yield break;

        int hidden = context.Activations.Count - 1;
        bool saturating = context.Activations.Take(hidden).Any(a => a is Activation.Sigmoid or Activation.Tanh);
        bool deepSaturating = saturating && hidden >= 2;
        string message = $"the best training loss {best:G4} in {history.Epochs.Count} epochs never got clearly below {baseline:G4}, the loss of " +
            "predicting the average label for everyone: the network learned nothing from the features" +
            (deepSaturating ? $", a typical effect of gradients fading through {hidden} {context.Activations[0]} layers" : "");
        double ratio = DiagnosisMath.MeanUpdateRatio(history.Epochs.Take(t.SlowEpochs));
        double suggested = DiagnosisMath.RaisedLearningRate(context.LearningRate, ratio, 10 * t.SlowUpdateRatio);
        var evidence = DiagnosisMath.Evidence(("BestTrainingLoss", best), ("ConstantPredictionLoss", baseline), ("HiddenLayers", hidden));
        if (!deepSaturating) evidence["SuggestedLearningRate"] = suggested;
        string advice = deepSaturating
            ? "use ReLU or LeakyReLU instead of sigmoid/tanh (Activation = ReLU) with He initialisation, or fewer hidden layers"
            : $"raise the learning rate (LearningRate = {suggested:G3}) or train longer, and check that the features carry signal";
        // An option that holds the weights at 0 or blows the activations up (a huge L2 penalty or ELU α) is the cause,
        // and a higher learning rate would make it diverge: it is named first.
        if (DivergenceCause.OfStalledRun(context) is { } cause) (message, advice) = cause.Explain(message, advice, "it still learns nothing", evidence);
        yield return new Finding
        {
            Kind = deepSaturating ? FindingKind.VanishingGradients : FindingKind.LearningRateTooLow,
            Severity = FindingSeverity.Warning,
            Layer = deepSaturating ? 0 : null,
            Epoch = history.Epochs[^1].Epoch,
            Message = message,
            Advice = advice,
            Evidence = evidence,
        };
    }
}
