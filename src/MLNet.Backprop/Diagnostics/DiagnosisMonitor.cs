using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>The diagnosis during training: runs the cheap checks after every epoch, keeps what they raise, and builds
/// the full diagnosis when training ends or diverges.</summary>
internal sealed class DiagnosisMonitor(DiagnosisContext context) : ITrainingMonitor
{
    private readonly List<Finding> _raised = [];
    private readonly List<double> _earlyNorms = [];
    private readonly IEpochObserver[] _observers = TrainingDiagnostician.StartEpochObservers();

    public DiagnosisContext Context => context;

    /// <summary>Keeps the first few finite batch gradient norms of the run: the scale of a healthy step.</summary>
    /// <remarks>Stops at 10 norms, or at the first that is 10× the first one: growth is not the healthy scale.</remarks>
    public void BatchCompleted(double gradientNorm)
    {
        if (_earlyNorms.Count >= 10 || !double.IsFinite(gradientNorm) || (_earlyNorms.Count > 0 && gradientNorm > 10 * _earlyNorms[0])) _full = true;
        if (!_full) _earlyNorms.Add(gradientNorm);
    }

    private bool _full;

    /// <summary>Runs the per-epoch checks on the history so far; returns the findings not raised before.</summary>
    public IReadOnlyList<Finding> EpochCompleted(TrainingHistory history)
    {
        // The per-epoch checks all read the training dynamics: not run on data with nothing to learn (TrainingDiagnostician.ChecksFor).
        if (context.NothingToLearn) return [];
        var fresh = _observers.SelectMany(o => o.Observe(history, context))
            .Where(f => !_raised.Any(r => r.Kind == f.Kind && r.Layer == f.Layer)).ToArray();
        _raised.AddRange(fresh);
        return fresh;
    }

    public void Resume(TrainingHistory history, IReadOnlyList<double> firstBatchNorms)
    {
        _raised.AddRange(history.Epochs.SelectMany(e => e.Findings));
        foreach (double norm in firstBatchNorms) BatchCompleted(norm);
    }

    /// <summary>The full diagnosis of the run, with the divergence finding when there is one.</summary>
    public TrainingDiagnosis Finish(TrainingHistory history, Finding? divergence) =>
        TrainingDiagnostician.Diagnose(history, context, divergence is null ? _raised : _raised.Append(divergence));

    /// <summary>The learning rate whose first steps move the weights by <see cref="DiagnosisThresholds.SafeUpdateRatio"/>
    /// of their norm: adaptive rules step ≈ η per weight, the SGD family ≈ η·‖g‖/(1 − μ).</summary>
    private double SafeLearningRate(double typicalNorm)
    {
        double target = context.Thresholds.SafeUpdateRatio * context.InitialWeightNorm;
        if (!(target > 0)) return double.PositiveInfinity;
        return context.Optimizer switch
        {
            OptimizerKind.Sgd => typicalNorm > 0 ? target / typicalNorm : double.PositiveInfinity,
            OptimizerKind.Momentum or OptimizerKind.Nesterov => typicalNorm > 0 ? target * (1 - context.Momentum) / typicalNorm : double.PositiveInfinity,
            _ => target / Math.Sqrt(context.ParameterCounts.Sum()),
        };
    }

    public string? OptionCause(float learningRate) => DivergenceCause.Of(context, learningRate) is { } cause ? $"{cause}: {cause.Advice}" : null;

    /// <summary>The Critical finding for a non-finite loss, gradient or weight, with a suggested clip norm and learning
    /// rate; when an option's value alone explains it (<see cref="DivergenceCause"/>), the advice names that option first.</summary>
    public Finding Diverged(int epoch, int batch, string what, float learningRate, bool bestModelReturned)
    {
        double clip = DiagnosisMath.SuggestedClipNorm(_earlyNorms);
        double rate = DiagnosisMath.Round1(Math.Min(learningRate / 10, SafeLearningRate(DiagnosisMath.Median(_earlyNorms))));
        var evidence = DiagnosisMath.Evidence(("Epoch", epoch), ("Batch", batch), ("LearningRate", learningRate), ("SuggestedLearningRate", rate));
        if (double.IsFinite(clip)) evidence["SuggestedClipNorm"] = clip;
        // Only the remedies that apply: inputs already at unit scale leave nothing to normalise, Adam nothing to switch to.
        string[] remedies =
        [
            $"lower the learning rate ({context.LearningRateSetting(rate)})",
            double.IsFinite(clip) ? $"clip gradients (GradientClipNorm = {clip:G3}, twice the typical early gradient norm)" : "clip gradients (GradientClipNorm)",
            .. context.InputsNeedScaling ? ["normalise the inputs"] : Array.Empty<string>(),
            .. context.AdaptiveSteps ? Array.Empty<string>() : ["use Adam/RMSprop"],
        ];
        string advice = string.Join(", ", remedies[..^1]) + (remedies.Length > 2 ? ", or " : " or ") + remedies[^1];
        string message = $"{what} in mini-batch {batch} at learning rate {learningRate:G3}";
        if (DivergenceCause.Of(context, learningRate) is { } cause) (message, advice) = cause.Explain(message, advice, "it still diverges", evidence);
        return new Finding
        {
            Kind = FindingKind.Divergence,
            Severity = FindingSeverity.Critical,
            Epoch = epoch,
            Message = message + (bestModelReturned ? "; the best finite epoch was returned" : ""),
            Advice = advice,
            Evidence = evidence,
        };
    }
}
