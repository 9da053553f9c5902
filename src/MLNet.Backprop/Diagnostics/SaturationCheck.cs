using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>A large share of a sigmoid/tanh layer's activations sat at their bounds in the final epoch: a warning when the
/// run suffered for it, else a note.</summary>
internal sealed class SaturationCheck : IDiagnosticCheck
{
    /// <summary>How far above its best the last epoch's training loss may end and still count as falling: 5 %, above the
    /// epoch-to-epoch noise of a mini-batch run that keeps learning (and 1 % of the run's scale, <see cref="DiagnosisMath.LossRose"/>:
    /// the default runs on letter and shuttle, quality tool --findings seeds 1 and 2, end 18-31 % and 35-82 % above their
    /// best at losses about 90× and 500-1,400× below the constant prediction's).</summary>
    private const double LossRiseTolerance = 0.05;

    public bool PerEpoch => false;

    /// <summary>Whether saturated units hurt the run: it learned little (its best training loss never clearly below the
    /// constant prediction's), its loss went back up, or the inputs or label are far from unit scale (the usual cause).
    /// Otherwise saturated units are on/off features that still learn: on the default input stage 57-91 % of the first
    /// layer's tanh units saturate on 6 of the 16 benchmark sets while the training loss falls 1.6-350× further, and
    /// lowering the learning rate as advised moved the held-out score by -0.029 to +0.006.</summary>
    private static bool Hurts(TrainingHistory history, DiagnosisContext context, double best)
    {
        double lastLoss = history.Epochs[^1].TrainingLoss;
        if (!double.IsFinite(best) || !double.IsFinite(lastLoss)) return true;
        bool wentBackUp = DiagnosisMath.LossRose(lastLoss - best, best, LossRiseTolerance, history.Epochs[0].TrainingLoss, context.ConstantPredictionLoss);
        return NoLearningCheck.LearnedNothing(best, context.ConstantPredictionLoss, context.Thresholds) || wentBackUp
            || context.InputsNeedScaling || context.LabelNeedingScaling is not null;
    }

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        if (history.Epochs.Count == 0) yield break;
        var last = history.Epochs[^1];
        var saturated = last.Layers.Where(l => l.Layer < context.Activations.Count - 1 && l.SaturatedShare >= context.Thresholds.SaturatedShare).ToArray();
        if (saturated.Length == 0) yield break;
        double best = history.Epochs.Min(e => e.TrainingLoss);
        bool hurts = Hurts(history, context, best);
        foreach (var layer in saturated)
        {
            // Inputs already at unit scale (by the trainer or the pipeline) leave nothing to normalise: the advice then
            // starts with the learning rate. A far label trained on as given is named first (LabelScaleCheck.Explain).
            var (message, advice) = LabelScaleCheck.Explain(context,
                $"{layer.SaturatedShare:P0} of the layer's {context.Activations[layer.Layer]} activations sat at their bounds in the final epoch, where the derivative is ≈ 0",
                (context.InputsNeedScaling ? $"normalise the inputs ({context.InputNormalizer}), " : "") +
                    $"lower the learning rate ({context.LearningRateSetting(context.LoweredLearningRate(last.LearningRate))}), or use ReLU/LeakyReLU with He initialisation",
                "they still saturate");
            if (!hurts)
                message += $"; the training loss still fell to {best:G4}, so they work as on/off features: change them only if the model underperforms";
            yield return new Finding
            {
                Kind = FindingKind.SaturatedUnits,
                Severity = hurts ? FindingSeverity.Warning : FindingSeverity.Info,
                Layer = layer.Layer,
                Epoch = last.Epoch,
                Message = message,
                Advice = advice,
                Evidence = DiagnosisMath.Evidence(("SaturatedShare", layer.SaturatedShare), ("FinalEpoch", last.Epoch),
                    ("SuggestedLearningRate", context.LoweredLearningRate(last.LearningRate))),
            };
        }
    }
}
