using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>A large share of a ReLU-family layer's units were never active in the final epoch.</summary>
internal sealed class DeadUnitCheck : IDiagnosticCheck
{
    public bool PerEpoch => false;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        if (history.Epochs.Count == 0) yield break;
        var last = history.Epochs[^1];
        foreach (var layer in last.Layers)
        {
            if (layer.Layer >= context.Activations.Count - 1 || layer.DeadUnitShare < context.Thresholds.DeadShare) continue;
            bool all = layer.DeadUnitShare >= 1;
            int firstEpoch = history.Epochs.Reverse().TakeWhile(e => e.Layers.Count > layer.Layer && e.Layers[layer.Layer].DeadUnitShare >= context.Thresholds.DeadShare)
                .LastOrDefault()?.Epoch ?? last.Epoch;
            string leaky = context.Activations[layer.Layer] == Activation.LeakyReLU ? "" : "use LeakyReLU (Activation = LeakyReLU) or ELU; ";
            yield return new Finding
            {
                Kind = FindingKind.DeadUnits,
                Severity = all ? FindingSeverity.Critical : FindingSeverity.Warning,
                Layer = layer.Layer,
                Epoch = firstEpoch,
                Message = $"{layer.DeadUnitShare:P0} of the layer's units were never active (pre-activation ≤ 0 for every training example) in the final epoch" +
                    (all ? ": nothing passes through the layer" : ""),
                Advice = $"{leaky}lower the learning rate ({context.LearningRateSetting(DiagnosisMath.Round1(last.LearningRate / 10))}), keep InitialBias ≥ 0" + (context.InputsNeedScaling ? ", and normalise the inputs" : ""),
                Evidence = DiagnosisMath.Evidence(("DeadUnitShare", layer.DeadUnitShare), ("FinalEpoch", last.Epoch)),
            };
        }
    }
}
