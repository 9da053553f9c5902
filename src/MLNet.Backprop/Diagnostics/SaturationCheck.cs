using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>A large share of a sigmoid/tanh layer's activations sat at their bounds in the final epoch.</summary>
internal sealed class SaturationCheck : IDiagnosticCheck
{
    public bool PerEpoch => false;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        if (history.Epochs.Count == 0) yield break;
        var last = history.Epochs[^1];
        foreach (var layer in last.Layers)
        {
            if (layer.Layer >= context.Activations.Count - 1 || layer.SaturatedShare < context.Thresholds.SaturatedShare) continue;
            // Inputs already at unit scale (by the trainer or the pipeline) leave nothing to normalise: the advice then
            // starts with the learning rate. A far label trained on as given is named first (LabelScaleCheck.Explain).
            var (message, advice) = LabelScaleCheck.Explain(context,
                $"{layer.SaturatedShare:P0} of the layer's {context.Activations[layer.Layer]} activations sat at their bounds in the final epoch, where the derivative is ≈ 0",
                (context.InputsNeedScaling ? $"normalise the inputs ({context.InputNormalizer}), " : "") +
                    $"lower the learning rate ({context.LearningRateSetting(context.LoweredLearningRate(last.LearningRate))}), or use ReLU/LeakyReLU with He initialisation",
                "they still saturate");
            yield return new Finding
            {
                Kind = FindingKind.SaturatedUnits,
                Severity = FindingSeverity.Warning,
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
