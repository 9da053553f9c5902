using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>Gradient norms grow by orders of magnitude while the loss does not improve, or clipping fires in most
/// mini-batches for several epochs.</summary>
internal sealed class ExplodingGradientCheck : IDiagnosticCheck
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
            if (i > 0 && minNorm > 0 && e.GradientNormMean >= t.ExplodingGrowth * minNorm && !(e.TrainingLoss < minLoss))
            {
                double clip = DiagnosisMath.SuggestedClipNorm(epochs.Take(i).Select(x => x.GradientNormMean));
                double rate = DiagnosisMath.Round1(e.LearningRate / 10);
                yield return new Finding
                {
                    Kind = FindingKind.ExplodingGradients,
                    Severity = FindingSeverity.Warning,
                    Epoch = e.Epoch,
                    Message = $"the mean gradient norm grew to {e.GradientNormMean:G3}, {e.GradientNormMean / minNorm:G3}× its earlier low of {minNorm:G3}, " +
                        $"while the loss ({e.TrainingLoss:G4}) did not improve on {minLoss:G4}",
                    Advice = $"clip gradients (GradientClipNorm = {clip:G3}), lower the learning rate (LearningRate = {rate:G3}), or use Adam/RMSprop",
                    Evidence = DiagnosisMath.Evidence(("GradientNorm", e.GradientNormMean), ("EarlierMinimumNorm", minNorm), ("Growth", e.GradientNormMean / minNorm),
                        ("SuggestedClipNorm", clip), ("SuggestedLearningRate", rate)),
                };
                break;
            }
            minNorm = Math.Min(minNorm, e.GradientNormMean);
            minLoss = Math.Min(minLoss, e.TrainingLoss);
        }

        var clippedEpochs = epochs.Where(e => e.Batches > 0 && e.ClippedBatches >= t.ClippingShare * e.Batches).ToArray();
        if (clippedEpochs.Length >= t.ClippingEpochs)
        {
            var at = clippedEpochs[t.ClippingEpochs - 1];
            double share = clippedEpochs.Sum(e => e.ClippedBatches) / (double)clippedEpochs.Sum(e => e.Batches);
            double median = DiagnosisMath.Median(epochs.Select(e => e.GradientNormMean));
            double rate = DiagnosisMath.Round1(at.LearningRate / 3);
            string limit = context.GradientClipNorm is float c ? $" (GradientClipNorm = {c:G3})" : "";
            yield return new Finding
            {
                Kind = FindingKind.ExplodingGradients,
                Severity = FindingSeverity.Warning,
                Epoch = at.Epoch,
                Message = $"clipping{limit} fired in {share:P0} of the mini-batches of {clippedEpochs.Length} epochs; the median gradient norm is {median:G3}",
                Advice = $"lower the learning rate (LearningRate = {rate:G3}) or use Adam/RMSprop; clipping should only catch occasional spikes " +
                    $"(GradientClipNorm ≈ {DiagnosisMath.Round1(2 * median):G3}, twice the median norm)",
                Evidence = DiagnosisMath.Evidence(("ClippedShare", share), ("EpochsMostlyClipped", clippedEpochs.Length), ("MedianGradientNorm", median),
                    ("SuggestedLearningRate", rate)),
            };
        }
    }
}
