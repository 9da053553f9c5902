using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>
/// The best training loss of the run never beat the loss of a constant prediction by a clear margin: the network learned
/// nothing beyond the average label; or, when an option holds the weights near 0 (<see cref="DivergenceCause.OfStalledRun"/>),
/// the loss of the epoch the model keeps is back at that loss. Reported as vanishing gradients when saturating hidden
/// layers are stacked (the usual cause), else as a learning rate too low.
/// </summary>
internal sealed class NoLearningCheck : IDiagnosticCheck
{
    public bool PerEpoch => false;

    /// <summary>True when another finding already explains a network that learns slowly or not at all, with advice a
    /// "raise the learning rate" would contradict: dead or saturated units in the last epoch (their advice: often a
    /// learning rate too HIGH), or clipping that set the size of every step (its advice: a higher clip norm).</summary>
    public static bool OtherFindingExplains(TrainingHistory history, DiagnosisThresholds t) =>
        history.Epochs[^1].Layers.Any(l => l.DeadUnitShare >= t.DeadShare || l.SaturatedShare >= t.SaturatedShare)
        || ExplodingGradientCheck.ClippingSetsTheSteps(history, t);

    /// <summary>Whether a training loss of <paramref name="loss"/> learned nothing: not clearly (by
    /// <see cref="DiagnosisThresholds.NoLearningMargin"/>) below <paramref name="constant"/>, the loss of predicting the
    /// average label; false when that loss is unknown.</summary>
    public static bool LearnedNothing(double loss, double? constant, DiagnosisThresholds t) =>
        constant is double c && c > 0 && loss >= c * (1 - t.NoLearningMargin);

    /// <summary>The run's lowest training loss, or null when an epoch's loss was not finite (NaN would pass for the lowest:
    /// whether the run beat the constant prediction is then unknown).</summary>
    public static double? BestTrainingLoss(TrainingHistory history) =>
        history.Epochs.Min(e => e.TrainingLoss) is var best && double.IsFinite(best) ? best : null;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        var t = context.Thresholds;
        if (!complete || context.ConstantPredictionLoss is not double baseline || !(baseline > 0) || history.Epochs.Count < t.SlowEpochsMinimum) yield break;
        if (BestTrainingLoss(history) is not double best) yield break;
        // An option that holds the weights at 0 or blows the activations up (a huge L2 penalty, weight decay or ELU α) is
        // the cause, and a higher learning rate would make it diverge: it is named first, and the rest of the advice is
        // judged as its advice leaves the run.
        var cause = DivergenceCause.OfStalledRun(context, DiagnosisMath.Steps(history.Epochs));
        // Such an option lets the loss fall in the first steps, before it has pulled the weights in, then takes the model
        // back to the constant prediction: with it, the loss of the epoch the model keeps is judged too.
        var kept = KeptEpoch(history);
        bool learnedNothing = LearnedNothing(best, baseline, t), lostIt = !learnedNothing && cause is not null && LearnedNothing(kept.TrainingLoss, baseline, t);
        if (!learnedNothing && !lostIt) yield break;
        if (OtherFindingExplains(history, t)) yield break;

        int hidden = context.Activations.Count - 1;
        bool saturating = context.Activations.Take(hidden).Any(a => a is Activation.Sigmoid or Activation.Tanh);
        bool deepSaturating = learnedNothing && saturating && hidden >= 2;
        string message = lostIt
            ? $"the training loss fell to {best:G4} but was back at {kept.TrainingLoss:G4} in epoch {kept.Epoch}, the epoch the model keeps, not clearly " +
                $"below {baseline:G4}, the loss of predicting the average label for everyone: the network lost what it had learned from the features"
            : $"the best training loss {best:G4} in {history.Epochs.Count} epochs never got clearly below {baseline:G4}, the loss of " +
                "predicting the average label for everyone: the network learned nothing from the features" +
                (deepSaturating ? $", a typical effect of gradients fading through {hidden} {context.Activations[0]} layers" : "");
        double ratio = DiagnosisMath.MeanUpdateRatio(history.Epochs.Take(t.SlowEpochs));
        double suggested = DiagnosisMath.RaisedLearningRate(context.LearningRate, ratio, 10 * t.SlowUpdateRatio);
        var followed = cause?.Followed(context) ?? context;
        var evidence = DiagnosisMath.Evidence(("BestTrainingLoss", best), ("ConstantPredictionLoss", baseline), ("HiddenLayers", hidden));
        if (lostIt) evidence["KeptTrainingLoss"] = kept.TrainingLoss;
        // A run that learned at its rate before the option undid it needs no higher rate.
        bool raiseRate = !deepSaturating && !lostIt;
        if (raiseRate) evidence["SuggestedLearningRate"] = suggested;
        if (raiseRate && followed.SuggestedWeightDecay(suggested) is double decay) evidence["SuggestedWeightDecay"] = decay;
        string advice = deepSaturating ? "use ReLU or LeakyReLU instead of sigmoid/tanh (Activation = ReLU) with He initialisation, or fewer hidden layers"
            : lostIt ? $"lower {cause!.Option} further, and check that the features carry signal"
            : $"raise the learning rate ({followed.RaisedLearningRateSetting(suggested)}) or train longer, and check that the features carry signal";
        if (cause is not null) (message, advice) = cause.Explain(message, advice, "it still learns nothing", evidence);
        else (message, advice) = InputScaleCheck.Explain(context, message, advice, "it still learns nothing");
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

    /// <summary>The epoch whose weights the model holds (<see cref="TrainingHistory.BestEpoch"/>), else the last.</summary>
    private static EpochReport KeptEpoch(TrainingHistory history) =>
        history.Epochs.FirstOrDefault(e => e.Epoch == history.BestEpoch) ?? history.Epochs[^1];
}
