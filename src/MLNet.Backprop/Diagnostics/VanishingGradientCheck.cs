using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>The first layer's gradient (per value, RMS; of a sparse first layer over the rows its batches touched) is orders
/// of magnitude below the output layer's, or below an absolute floor, for several consecutive epochs.</summary>
internal sealed class VanishingGradientCheck : IObservedCheck
{
    public bool PerEpoch => true;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        var t = context.Thresholds;
        int layers = context.ParameterCounts.Count;
        if (layers < 2 || history.Epochs.Count == 0) yield break;
        int needed = complete ? Math.Min(t.VanishingEpochs, history.Epochs.Count) : t.VanishingEpochs;
        int run = 0;
        foreach (var epoch in history.Epochs)
        {
            if (epoch.Layers.Count != layers) yield break;
            double first = Rms(epoch, 0, context), last = Rms(epoch, layers - 1, context);
            double ratio = last > 0 ? first / last : double.PositiveInfinity;
            bool vanishing = ratio < t.VanishingRatio || first < context.VanishingFloor;
            run = vanishing ? run + 1 : 0;
            if (run < needed) continue;
            yield return Vanishing(context, epoch, run, first, last, ratio, DiagnosisMath.Steps(history.Epochs.TakeWhile(e => e.Epoch <= epoch.Epoch)));
            yield break;
        }
    }

    public IEpochObserver StartObserver() => new Observer();

    private static Finding Vanishing(DiagnosisContext context, EpochReport epoch, int run, double first, double last, double ratio, long steps)
    {
        int layers = context.ParameterCounts.Count;
        bool saturating = context.Activations.Take(layers - 1).Any(a => a is Activation.Sigmoid or Activation.Tanh);
        // A hidden layer whose units are dead passes no gradient back whatever the depth or activation of the others:
        // the dead-unit finding's advice comes first (fewer layers would not revive them).
        bool dead = epoch.Layers.Take(layers - 1).Any(l => l.DeadUnitShare >= context.Thresholds.DeadShare);
        // Units held at their bounds pass almost none either: at a learning rate far too high every sigmoid/tanh layer
        // saturates within an epoch or two. The rate comes first: ReLU at that rate dies instead (ionosphere, tanh
        // [32, 32], Adam at 0.5: ReLU with He initialisation left every unit of both layers dead and the loss at the
        // constant prediction's, the rate lowered to 0.003 trained to a loss of 0.067 with no warning; AdviceFollowedTests).
        bool saturated = !dead && epoch.Layers.Take(layers - 1).Any(l => l.SaturatedShare >= context.Thresholds.SaturatedShare);
        double rate = context.LoweredLearningRate(epoch.LearningRate);
        string message = $"the first layer receives a gradient of {first:G3} per weight (RMS), {ratio:G3} of the output layer's {last:G3}, " +
                $"for {run} consecutive epochs through {layers - 1} hidden layers: the early layers barely learn" +
                (dead ? "; dead units (the DeadUnits finding) pass no gradient back" : "") +
                (saturated ? "; saturated units (the SaturatedUnits finding), at their bounds, pass almost no gradient back" : "");
        string advice = (dead ? "revive the dead units first, as the DeadUnits finding advises; then " : "") +
            (saturated ? $"lower the learning rate first ({context.LearningRateSetting(rate)}), as the SaturatedUnits finding advises; if the early layers still barely learn, " : "") +
            Advice(context, saturating, layers - 1);
        var evidence = DiagnosisMath.Evidence(("FirstLayerGradientRms", first), ("LastLayerGradientRms", last), ("Ratio", ratio),
            ("ConsecutiveEpochs", run), ("HiddenLayers", layers - 1));
        if (saturated) evidence["SuggestedLearningRate"] = rate;
        // An option that holds the weights at 0 (a huge L2 penalty or weight decay) leaves the first layer no gradient
        // whatever the activation: it is named first. Else a far label trained on as given saturates the units it drives
        // (LabelScaleCheck.Explain).
        (message, advice) = DivergenceCause.OfStalledRun(context, steps) is { } cause
            ? cause.Explain(message, advice, "the early layers still barely learn", evidence)
            : LabelScaleCheck.Explain(context, message, advice, "the early layers still barely learn");
        return new Finding
        {
            Kind = FindingKind.VanishingGradients,
            Severity = FindingSeverity.Warning,
            Layer = 0,
            Epoch = epoch.Epoch - run + 1,
            Message = message,
            Advice = advice,
            Evidence = evidence,
        };
    }

    /// <summary>What applies to this network: saturating units replaced, fewer layers only when there are several, the
    /// inputs normalised only when they are far from unit scale; with none of these (one ReLU-family layer on scaled
    /// inputs), the first layer's units pass no gradient because they are dead or saturated.</summary>
    private static string Advice(DiagnosisContext context, bool saturating, int hidden)
    {
        var parts = new List<string>(3);
        if (saturating) parts.Add("use ReLU or LeakyReLU instead of sigmoid/tanh (Activation = ReLU) with He initialisation (Initialization = HeNormal)");
        string? tail = (hidden >= 2, context.InputsNeedScaling) switch
        {
            (true, true) => $"use fewer hidden layers, and normalise the inputs ({context.InputNormalizer})",
            (true, false) => "use fewer hidden layers",
            (false, true) => $"normalise the inputs ({context.InputNormalizer})",
            (false, false) => null,
        };
        if (tail is not null) parts.Add(tail);
        return parts.Count > 0 ? string.Join("; ", parts)
            : $"lower the learning rate ({context.LearningRateSetting(context.LoweredLearningRate(context.LearningRate))}): a first layer whose units are dead or saturated passes no gradient";
    }

    /// <summary>The run of vanishing epochs, counted as they come.</summary>
    private sealed class Observer : IEpochObserver
    {
        private int _run;
        private bool _done;

        public IEnumerable<Finding> Observe(TrainingHistory history, DiagnosisContext context)
        {
            if (_done) return [];
            var t = context.Thresholds;
            int layers = context.ParameterCounts.Count;
            var epoch = history.Epochs[^1];
            if (layers < 2 || epoch.Layers.Count != layers)
            {
                _done = true; // Check stops at such an epoch, in this history and every longer one
                return [];
            }
            double first = Rms(epoch, 0, context), last = Rms(epoch, layers - 1, context);
            double ratio = last > 0 ? first / last : double.PositiveInfinity;
            _run = ratio < t.VanishingRatio || first < context.VanishingFloor ? _run + 1 : 0;
            if (_run < t.VanishingEpochs) return [];
            _done = true;
            return [Vanishing(context, epoch, _run, first, last, ratio, DiagnosisMath.Steps(history.Epochs))];
        }
    }

    /// <summary>The layer's gradient RMS per value as recorded (<see cref="LayerStatistics.GradientRms"/>: over the rows a
    /// sparse first layer's batches touched, where the RMS over all its weights is diluted by the rows no batch reads: the
    /// fine-food reviews' 178k n-gram slots, 0.0016 of the output layer's in a healthy run), or, in a history that does
    /// not record it, over every value.</summary>
    private static double Rms(EpochReport epoch, int layer, DiagnosisContext context) =>
        epoch.Layers[layer] is { GradientRms: var rms } && !double.IsNaN(rms) ? rms
            : epoch.Layers[layer].GradientNormMean / Math.Sqrt(Math.Max(1, context.ParameterCounts[layer]));
}
