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
            double rate = context.LoweredLearningRate(last.LearningRate);
            string message = $"{layer.DeadUnitShare:P0} of the layer's units were never active (pre-activation ≤ 0 for every training example) in the final epoch" +
                (all ? ": nothing passes through the layer" : "");
            string advice = $"{leaky}lower the learning rate ({context.LearningRateSetting(rate)}), keep InitialBias ≥ 0" + (context.InputsNeedScaling ? ", and normalise the inputs" : "");
            var evidence = DiagnosisMath.Evidence(("DeadUnitShare", layer.DeadUnitShare), ("FinalEpoch", last.Epoch));
            // Units dead from the first epoch on, under a negative initial bias, were dead before any step: the bias, not
            // the learning rate, is the cause (units that die later are the learning rate's, whatever the bias).
            if (context.InitialBias < 0 && firstEpoch == history.Epochs[0].Epoch)
            {
                message += $"; InitialBias = {context.InitialBias:G3} explains it: every hidden unit starts with that bias, which pushes its pre-activation " +
                    "below 0, and these units were dead from the first epoch on";
                advice = $"set InitialBias = 0 (the default); if units still die, {advice}";
                evidence["InitialBias"] = context.InitialBias;
                evidence["SuggestedInitialBias"] = 0;
            }
            yield return new Finding
            {
                Kind = FindingKind.DeadUnits,
                Severity = all ? FindingSeverity.Critical : FindingSeverity.Warning,
                Layer = layer.Layer,
                Epoch = firstEpoch,
                Message = message,
                Advice = advice,
                Evidence = evidence,
            };
        }
    }
}
