using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>
/// Runs every diagnostic check on a training history and returns the findings, most severe first. The trainer calls
/// it after training (and at the moment training diverges); it can also be called on any history.
/// </summary>
internal static class TrainingDiagnostician
{
    private static readonly IDiagnosticCheck[] Checks =
    [
        new VanishingGradientCheck(), new ExplodingGradientCheck(), new DeadUnitCheck(), new SaturationCheck(),
        new LearningRateTooHighCheck(), new LearningRateTooLowCheck(), new NoLearningCheck(), new OverfittingCheck(), new InputScaleCheck(),
        new FrozenEmbeddingCheck(),
    ];

    /// <summary>Diagnoses a (complete or partial) training run.</summary>
    /// <param name="history">The epochs recorded.</param>
    /// <param name="context">The network, settings and input scales of the run.</param>
    /// <returns>The findings, most severe first; <see cref="TrainingDiagnosis.Healthy"/>-like when none.</returns>
    public static TrainingDiagnosis Diagnose(TrainingHistory history, DiagnosisContext context) => Diagnose(history, context, []);

    /// <summary>Diagnoses the run, merging findings already raised (during training, or the divergence itself).</summary>
    internal static TrainingDiagnosis Diagnose(TrainingHistory history, DiagnosisContext context, IEnumerable<Finding> earlier)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(context);
        return new TrainingDiagnosis(Merge(earlier.Concat(context.DataFindings).Concat(ChecksFor(context).SelectMany(c => c.Check(history, context, complete: true)))));
    }

    /// <summary>The checks that apply to the run: on data with nothing to learn (<see cref="DiagnosisContext.NothingToLearn"/>)
    /// only the input-scale check, which reads the data; the others read the training dynamics, which then only show a
    /// network that cannot learn (gradients on constant inputs, the noise of a loss already at its floor), and their
    /// advice (a learning rate, ReLU, clipping) would not help.</summary>
    private static IEnumerable<IDiagnosticCheck> ChecksFor(DiagnosisContext context) =>
        context.NothingToLearn ? Checks.OfType<InputScaleCheck>() : Checks;

    /// <summary>The cheap checks, run as each epoch completes.</summary>
    internal static IEnumerable<Finding> DiagnoseEpoch(TrainingHistory history, DiagnosisContext context) =>
        ChecksFor(context).Where(c => c.PerEpoch).SelectMany(c => c.Check(history, context, complete: false));

    /// <summary>Observers of the cheap checks for one run, in <see cref="DiagnoseEpoch"/>'s order: the same findings,
    /// each epoch read once.</summary>
    internal static IEpochObserver[] StartEpochObservers() =>
        Checks.Where(c => c.PerEpoch).Select(c => ((IObservedCheck)c).StartObserver()).ToArray();

    /// <summary>The input-scale check alone, as run before training.</summary>
    /// <param name="scales">Mean and standard deviation of each training feature.</param>
    /// <param name="thresholds">The thresholds, or null for the defaults.</param>
    /// <param name="standardizeFeaturesOff">Whether the user turned off a standardisation the fit would apply.</param>
    public static IReadOnlyList<Finding> DiagnoseInputs(FeatureScaleReport scales, DiagnosisThresholds? thresholds = null, bool standardizeFeaturesOff = false)
    {
        ArgumentNullException.ThrowIfNull(scales);
        return InputScaleCheck.Check(scales, thresholds ?? DiagnosisThresholds.Default, standardizeFeaturesOff).ToArray();
    }

    /// <summary>One finding per kind and layer or column (the most severe, then the earliest), most severe first.</summary>
    internal static IReadOnlyList<Finding> Merge(IEnumerable<Finding> findings) => findings
        .GroupBy(f => (f.Kind, f.Layer, f.Column))
        .Select(g => g.OrderByDescending(f => f.Severity).ThenBy(f => f.Epoch ?? 0).First())
        .OrderByDescending(f => f.Severity).ThenBy(f => f.Epoch ?? 0).ThenBy(f => f.Layer ?? -1).ThenBy(f => f.Kind).ThenBy(f => f.Column, StringComparer.Ordinal)
        .ToArray();
}
