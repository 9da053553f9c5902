using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>Gradient norms grow by orders of magnitude while the loss does not improve, or clipping fires in most
/// mini-batches for several epochs.</summary>
internal sealed class ExplodingGradientCheck : IObservedCheck
{
    public bool PerEpoch => true;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        var t = context.Thresholds;
        var epochs = history.Epochs;
        double minNorm = double.PositiveInfinity, minLoss = double.PositiveInfinity;
        for (int i = 0; i < epochs.Count; i++)
        {
            var e = epochs[i];
            if (Grew(t, e, i, minNorm, minLoss))
            {
                yield return Growth(context, epochs, i, minNorm, minLoss);
                break;
            }
            minNorm = Math.Min(minNorm, e.GradientNormMean);
            minLoss = Math.Min(minLoss, e.TrainingLoss);
        }

        var clippedEpochs = epochs.Where(e => MostlyClipped(t, e)).ToArray();
        if (clippedEpochs.Length >= t.ClippingEpochs)
            yield return Clipping(context, epochs, clippedEpochs[t.ClippingEpochs - 1], clippedEpochs.Length,
                clippedEpochs.Sum(e => e.ClippedBatches), clippedEpochs.Sum(e => e.Batches));
    }

    public IEpochObserver StartObserver() => new Observer();

    private static bool Grew(DiagnosisThresholds t, EpochReport e, int index, double minNorm, double minLoss) =>
        index > 0 && minNorm > 0 && e.GradientNormMean >= t.ExplodingGrowth * minNorm && !(e.TrainingLoss < minLoss);

    private static bool MostlyClipped(DiagnosisThresholds t, EpochReport e) => e.Batches > 0 && e.ClippedBatches >= t.ClippingShare * e.Batches;

    /// <summary>True when clipping fired in most mini-batches of enough epochs for the clipping finding: clipping then
    /// sets the size of every step, which explains a loss that barely moves (the learning rate is not the cause).</summary>
    public static bool ClippingSetsTheSteps(TrainingHistory history, DiagnosisThresholds t) =>
        history.Epochs.Count(e => MostlyClipped(t, e)) >= t.ClippingEpochs;

    private static Finding Growth(DiagnosisContext context, IReadOnlyList<EpochReport> epochs, int index, double minNorm, double minLoss)
    {
        var e = epochs[index];
        double clip = DiagnosisMath.SuggestedClipNorm(epochs.Take(index).Select(x => x.GradientNormMean));
        double rate = context.LoweredLearningRate(e.LearningRate);
        var evidence = DiagnosisMath.Evidence(("GradientNorm", e.GradientNormMean), ("EarlierMinimumNorm", minNorm), ("Growth", e.GradientNormMean / minNorm),
            ("SuggestedClipNorm", clip), ("SuggestedLearningRate", rate));
        string message = $"the mean gradient norm grew to {e.GradientNormMean:G3}, {e.GradientNormMean / minNorm:G3}× its earlier low of {minNorm:G3}, " +
            $"while the loss ({e.TrainingLoss:G4}) did not improve on {minLoss:G4}";
        string advice = $"clip gradients (GradientClipNorm = {clip:G3})" +
            (context.AdaptiveSteps ? $" or lower the learning rate ({context.LearningRateSetting(rate)})" : $", lower the learning rate ({context.LearningRateSetting(rate)}), or use Adam/RMSprop");
        // As in the divergence finding: an option whose value alone grows the weights is named first.
        if (DivergenceCause.Of(context, e.LearningRate) is { } cause) (message, advice) = cause.Explain(message, advice, "the gradients still grow", evidence);
        return new Finding
        {
            Kind = FindingKind.ExplodingGradients,
            Severity = FindingSeverity.Warning,
            Epoch = e.Epoch,
            Message = message,
            Advice = advice,
            Evidence = evidence,
        };
    }

    private static Finding Clipping(DiagnosisContext context, IReadOnlyList<EpochReport> epochs, EpochReport at, int clippedEpochs, int clippedBatches,
        int batches)
    {
        double share = clippedBatches / (double)batches;
        double median = DiagnosisMath.Median(epochs.Select(e => e.GradientNormMean));
        double rate = DiagnosisMath.Round1(at.LearningRate / 3);
        string limit = context.GradientClipNorm is float c ? $" (GradientClipNorm = {c:G3})" : "";
        double clip = DiagnosisMath.Round1(2 * median);
        // A clip norm a tenth of the typical gradient or less is itself the problem: it shrinks every step, and a lower
        // learning rate alone leaves the finding (and the slow run) as it was.
        string advice = context.GradientClipNorm is float tight && tight <= median / 10
            ? $"raise GradientClipNorm to ≈ {clip:G3} (twice the median norm: at {tight:G3} it cuts every step to about {tight / median:G2} of its size) and, " +
                $"as the steps grow back, lower the learning rate ({context.LearningRateSetting(rate)})"
            : $"lower the learning rate ({context.LearningRateSetting(rate)}){(context.AdaptiveSteps ? "" : " or use Adam/RMSprop")}; clipping should only catch occasional spikes " +
                $"(GradientClipNorm ≈ {clip:G3}, twice the median norm)";
        return new Finding
        {
            Kind = FindingKind.ExplodingGradients,
            Severity = FindingSeverity.Warning,
            Epoch = at.Epoch,
            Message = $"clipping{limit} fired in {share:P0} of the mini-batches of {clippedEpochs} epochs; the median gradient norm is {median:G3}",
            Advice = advice,
            Evidence = DiagnosisMath.Evidence(("ClippedShare", share), ("EpochsMostlyClipped", clippedEpochs), ("MedianGradientNorm", median),
                ("SuggestedLearningRate", rate), ("SuggestedClipNorm", clip)),
        };
    }

    /// <summary>The running minima and clipped-epoch totals, updated as epochs come.</summary>
    private sealed class Observer : IEpochObserver
    {
        private double _minNorm = double.PositiveInfinity, _minLoss = double.PositiveInfinity;
        private int _clippedEpochs, _clippedBatches, _batches;
        private EpochReport? _at;
        private bool _done;

        public IEnumerable<Finding> Observe(TrainingHistory history, DiagnosisContext context)
        {
            if (_done) return [];
            var t = context.Thresholds;
            var epochs = history.Epochs;
            int index = epochs.Count - 1;
            var e = epochs[index];
            var findings = new List<Finding>(2);
            if (Grew(t, e, index, _minNorm, _minLoss)) findings.Add(Growth(context, epochs, index, _minNorm, _minLoss));
            _minNorm = Math.Min(_minNorm, e.GradientNormMean);
            _minLoss = Math.Min(_minLoss, e.TrainingLoss);
            if (MostlyClipped(t, e))
            {
                _clippedEpochs++;
                _clippedBatches += e.ClippedBatches;
                _batches += e.Batches;
                if (_clippedEpochs == t.ClippingEpochs) _at = e;
            }
            if (_at is not null) findings.Add(Clipping(context, epochs, _at, _clippedEpochs, _clippedBatches, _batches));
            _done = findings.Count > 0;
            return findings;
        }
    }
}
