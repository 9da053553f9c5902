using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Experiments;

/// <summary>One trained and evaluated run of an <see cref="ExperimentSweep"/>.</summary>
public sealed class SweepRun
{
    /// <summary>The grid point: index, label, axis values and complete options.</summary>
    public required SweepConfiguration Configuration { get; init; }

    /// <summary>"lr=0.01, act=ReLU": the axis values of the run.</summary>
    public string Label => Configuration.Label;

    /// <summary>The value label of each axis, by axis name.</summary>
    public IReadOnlyDictionary<string, string> Settings => Configuration.Settings;

    /// <summary>The complete options the run trained with.</summary>
    public BackpropTrainer.Options Options => Configuration.Options;

    /// <summary>The task trained (binary, multiclass or regression).</summary>
    public required BackpropTask Task { get; init; }

    /// <summary>Test metrics by name (see <see cref="SweepMetrics"/>); empty when the run failed.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>Training loss of the last epoch (NaN when no epoch completed).</summary>
    public double FinalTrainingLoss => History.Epochs.Count == 0 ? double.NaN : History.Epochs[^1].TrainingLoss;

    /// <summary>Validation loss of the last epoch, or null without validation data (or when no epoch completed).</summary>
    public double? FinalValidationLoss => History.Epochs.Count == 0 ? null : History.Epochs[^1].ValidationLoss;

    /// <summary>Epochs run.</summary>
    public int Epochs => History.Epochs.Count;

    /// <summary>The epoch whose weights the model holds.</summary>
    public int BestEpoch => History.BestEpoch;

    /// <summary>Why training ended.</summary>
    public StopReason StopReason => History.StopReason;

    /// <summary>Wall-clock time of <c>Fit</c>.</summary>
    public required TimeSpan FitTime { get; init; }

    /// <summary>The model's diagnosis (for a failed run, a critical divergence finding).</summary>
    public required TrainingDiagnosis Diagnosis { get; init; }

    /// <summary>The per-epoch record of the run (up to the failure for a failed run).</summary>
    public required TrainingHistory History { get; init; }

    /// <summary>The trained model, or null when the run failed.</summary>
    public BackpropModel? Model { get; init; }

    /// <summary>Why the run failed, or null: its <c>Fit</c> threw a <see cref="TrainingDivergedException"/> (training
    /// diverged with <see cref="BackpropTrainer.Options.OnDivergence"/> Throw, or with ReturnBestModel before any finite
    /// epoch, or the finished model scores a row NaN or infinite).</summary>
    public string? Error { get; init; }

    /// <summary>True when the run trained and was evaluated.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The metric <paramref name="name"/>, or NaN when the run does not have it.</summary>
    /// <param name="name">A <see cref="SweepMetrics"/> name.</param>
    public double Metric(string name) => Metrics.TryGetValue(name, out double v) ? v : double.NaN;

    /// <summary>The label, the metrics and the findings' count.</summary>
    public override string ToString() =>
        $"{Label}: {(Succeeded ? string.Join(", ", Metrics.Select(m => $"{m.Key} {m.Value:G4}")) : "failed: " + Error)}; {Diagnosis.Findings.Count} finding(s)";
}
