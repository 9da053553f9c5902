using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>The epoch loss oscillates (rises by more than 10% in many epochs) or spikes far above its best value.</summary>
internal sealed class LearningRateTooHighCheck : IObservedCheck
{
    public bool PerEpoch => true;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        var losses = history.Epochs.Select(e => e.TrainingLoss).ToArray();
        if (losses.Length < 2 || !losses.All(double.IsFinite)) yield break;
        var state = new LossPath(losses[0], context.ConstantPredictionLoss);
        for (int i = 1; i < losses.Length; i++) state.Add(context.Thresholds, losses[i - 1], losses[i], i);
        if (state.Finding(context, history.Epochs[^1].LearningRate, losses.Length - 1) is { } finding) yield return finding;
    }

    public IEpochObserver StartObserver() => new Observer();

    /// <summary>The first loss, the best so far, the rises and the first spike.</summary>
    /// <param name="first">The first epoch's loss.</param>
    /// <param name="constant">The best constant prediction's loss, or null when unknown.</param>
    private sealed class LossPath(double first, double? constant)
    {
        private readonly double _first = first;
        private readonly double? _constant = constant;
        private double _best = first;
        private int _rises, _spikeEpoch;
        private double _spikeRatio;

        public void Add(DiagnosisThresholds t, double previous, double loss, int index)
        {
            double rise = loss - previous;
            // Noise counted as rises (shuttle's, 3 of 9 epochs) made the finding advise a rate that lost 0.035 macro-accuracy.
            if (DiagnosisMath.LossRose(rise, previous, t.LossRise, _first, _constant)) _rises++;
            if (_spikeEpoch == 0 && _best > 0 && loss > t.SpikeFactor * _best && loss - _best > 0.25 * (_first - _best))
            {
                _spikeEpoch = index + 1;
                _spikeRatio = loss / _best;
            }
            _best = Math.Min(_best, loss);
        }

        public Finding? Finding(DiagnosisContext context, float rate, int transitions)
        {
            var t = context.Thresholds;
            bool oscillates = transitions >= 4 && _rises >= t.OscillationShare * transitions;
            if (!oscillates && _spikeEpoch == 0) return null;
            double suggested = context.LoweredLearningRate(rate);
            string what = oscillates
                ? $"the training loss rose by more than {t.LossRise:P0} in {_rises} of {transitions} epochs"
                : $"the training loss jumped to {_spikeRatio:G3}× its best value in epoch {_spikeEpoch}";
            var evidence = DiagnosisMath.Evidence(("Rises", _rises), ("Transitions", transitions), ("SpikeRatio", _spikeRatio),
                ("LearningRate", rate), ("SuggestedLearningRate", suggested));
            string message = $"{what} (learning rate {rate:G3})";
            string advice = $"lower the learning rate ({context.LearningRateSetting(suggested)})" + (context.AdaptiveSteps ? " or use a decaying schedule" : ", use a decaying schedule, or Adam");
            // An option that alone makes the weights grow at this learning rate (a huge L2 under SGD) raises the loss
            // before it overflows: lowering the learning rate would only trade the growth for a penalty that holds the
            // weights at 0, so the option is named first, as in the divergence finding.
            if (DivergenceCause.Of(context, rate) is { } cause) (message, advice) = cause.Explain(message, advice, "the loss still rises", evidence);
            return new Finding
            {
                Kind = FindingKind.LearningRateTooHigh,
                Severity = FindingSeverity.Warning,
                Epoch = oscillates ? null : _spikeEpoch,
                Message = message,
                Advice = advice,
                Evidence = evidence,
            };
        }
    }

    /// <summary>The loss path extended by one epoch at a time; a non-finite loss ends it (Check then finds nothing).</summary>
    private sealed class Observer : IEpochObserver
    {
        private LossPath? _path;
        private double _previous;
        private bool _done;

        public IEnumerable<Finding> Observe(TrainingHistory history, DiagnosisContext context)
        {
            if (_done) return [];
            var epochs = history.Epochs;
            double loss = epochs[^1].TrainingLoss;
            if (!double.IsFinite(loss))
            {
                _done = true;
                return [];
            }
            int index = epochs.Count - 1;
            if (_path is null) _path = new LossPath(loss, context.ConstantPredictionLoss);
            else _path.Add(context.Thresholds, _previous, loss, index);
            _previous = loss;
            if (index < 1 || _path.Finding(context, epochs[^1].LearningRate, index) is not { } finding) return [];
            _done = true;
            return [finding];
        }
    }
}
