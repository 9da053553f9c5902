using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>The validation loss rose well above its minimum for several epochs while the training loss kept falling
/// below the constant prediction's.</summary>
internal sealed class OverfittingCheck : IDiagnosticCheck
{
    public bool PerEpoch => false;

    public IEnumerable<Finding> Check(TrainingHistory history, DiagnosisContext context, bool complete)
    {
        var t = context.Thresholds;
        var epochs = history.Epochs.Where(e => e.ValidationLoss is double v && double.IsFinite(v)).ToArray();
        if (!context.HasValidation || epochs.Length < 2) yield break;
        int best = 0;
        for (int i = 1; i < epochs.Length; i++) if (epochs[i].ValidationLoss < epochs[best].ValidationLoss) best = i;
        double minimum = epochs[best].ValidationLoss!.Value;
        var worse = epochs.Skip(best + 1).Where(e => e.ValidationLoss > minimum * (1 + t.OverfitRise)).ToArray();
        if (worse.Length < t.OverfitEpochs || !(epochs[^1].TrainingLoss < epochs[best].TrainingLoss)) yield break;
        // A training loss still at or above the constant prediction's has fitted nothing: the validation loss rising
        // beside it is instability (a learning rate far too high), which L2 or dropout would not cure.
        if (context.ConstantPredictionLoss is double baseline && baseline > 0 && !(epochs[^1].TrainingLoss < baseline)) yield break;
        double worst = worse.Max(e => e.ValidationLoss!.Value);

        var kept = history.Epochs.FirstOrDefault(e => e.Epoch == history.BestEpoch);
        bool handled = kept?.ValidationLoss is double k && k <= minimum * (1 + t.OverfitRise);
        yield return new Finding
        {
            Kind = FindingKind.Overfitting,
            Severity = handled ? FindingSeverity.Info : FindingSeverity.Warning,
            Epoch = worse[0].Epoch,
            Message = $"the validation loss rose from its minimum {minimum:G4} (epoch {epochs[best].Epoch}) to {worst:G4} while the training loss fell " +
                $"from {epochs[best].TrainingLoss:G4} to {epochs[^1].TrainingLoss:G4}" + (handled ? $"; the model keeps epoch {history.BestEpoch}" : ""),
            Advice = handled
                ? "early stopping kept the best epoch; L2Regularization, Dropout or a smaller network may lower the validation minimum"
                : "use early stopping (EarlyStoppingPatience with RestoreBestWeights), L2Regularization (e.g. 1e-4) or Dropout (e.g. 0.2), or a smaller network",
            Evidence = DiagnosisMath.Evidence(("MinimumValidationLoss", minimum), ("MinimumEpoch", epochs[best].Epoch), ("WorstValidationLoss", worst),
                ("EpochsAboveMinimum", worse.Length), ("FinalTrainingLoss", epochs[^1].TrainingLoss)),
        };
    }
}
