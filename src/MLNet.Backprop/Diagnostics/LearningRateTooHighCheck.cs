using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>The epoch loss oscillates (rises by more than 10% in many epochs) or spikes far above its best value.</summary>
internal sealed class LearningRateTooHighCheck : IDiagnosticCheck
{
    public bool PerEpoch => true;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        var t = context.Thresholds;
        var losses = history.Epochs.Select(e => e.TrainingLoss).ToArray();
        if (losses.Length < 2 || !losses.All(double.IsFinite)) yield break;
        double first = losses[0], best = losses[0];
        int rises = 0, spikeEpoch = 0;
        double spikeRatio = 0;
        for (int i = 1; i < losses.Length; i++)
        {
            double rise = losses[i] - losses[i - 1];
            if (rise > t.LossRise * Math.Abs(losses[i - 1]) && rise > 0.01 * Math.Abs(first)) rises++;
            if (spikeEpoch == 0 && best > 0 && losses[i] > t.SpikeFactor * best && losses[i] - best > 0.25 * (first - best))
            {
                spikeEpoch = i + 1;
                spikeRatio = losses[i] / best;
            }
            best = Math.Min(best, losses[i]);
        }
        int transitions = losses.Length - 1;
        bool oscillates = transitions >= 4 && rises >= t.OscillationShare * transitions;
        if (!oscillates && spikeEpoch == 0) yield break;
        float rate = history.Epochs[^1].LearningRate;
        double suggested = DiagnosisMath.Round1(rate / 10);
        string what = oscillates
            ? $"the training loss rose by more than {t.LossRise:P0} in {rises} of {transitions} epochs"
            : $"the training loss jumped to {spikeRatio:G3}× its best value in epoch {spikeEpoch}";
        yield return new Finding
        {
            Kind = FindingKind.LearningRateTooHigh,
            Severity = FindingSeverity.Warning,
            Epoch = oscillates ? null : spikeEpoch,
            Message = $"{what} (learning rate {rate:G3})",
            Advice = $"lower the learning rate (LearningRate = {suggested:G3}), use a decaying schedule, or Adam",
            Evidence = DiagnosisMath.Evidence(("Rises", rises), ("Transitions", transitions), ("SpikeRatio", spikeRatio),
                ("LearningRate", rate), ("SuggestedLearningRate", suggested)),
        };
    }
}
