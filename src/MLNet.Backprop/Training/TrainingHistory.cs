namespace MLNet.Backprop.Training;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All requested epochs ran.</summary>
    Completed,
    /// <summary>Early stopping: the watched metric stopped improving for the patience.</summary>
    EarlyStopped,
    /// <summary>The loss or gradients became non-finite; the best finite weights were returned.</summary>
    Diverged,
}

/// <summary>The record of a training run: one <see cref="EpochReport"/> per epoch, and how it ended; exportable as CSV
/// (for spreadsheets and pandas) or JSON (complete, and readable back with <see cref="FromJson(string)"/>).</summary>
/// <remarks>
/// <para><b>CSV format.</b> A header row, then one row per epoch. Comma-separated, invariant culture, numbers written
/// in their shortest round-trip form (<c>double.Parse</c> gives back the same bits), NaN and infinities as
/// <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>, a missing value (no validation data) as an empty field. Columns:</para>
/// <list type="bullet">
/// <item><c>epoch, training_loss, validation_loss, validation_metric, learning_rate, grad_norm_mean, grad_norm_max,
/// clipped_batches, batches, elapsed_seconds</c>: the <see cref="EpochReport"/> fields;</item>
/// <item>then for each layer i (0 = first hidden layer; the last is the output layer):
/// <c>layer{i}_grad_norm_mean, layer{i}_grad_norm_max, layer{i}_weight_norm, layer{i}_update_ratio,
/// layer{i}_non_finite, layer{i}_dead_share, layer{i}_saturated_share, layer{i}_grad_zeros</c>
/// (<c>grad_zeros</c> is the histogram's count of exact zeros, empty without a histogram);</item>
/// <item>then for each embedding table i (<see cref="EmbeddingStatistics.Table"/>; none without categorical columns):
/// <c>table{i}_grad_norm_mean, table{i}_grad_norm_max, table{i}_grad_rms, table{i}_update_ratio, table{i}_keys_touched,
/// table{i}_keys_never_touched</c>;</item>
/// <item>then for each layer i: <c>layer{i}_grad_rms</c> (<see cref="LayerStatistics.GradientRms"/>; last, so that the
/// columns before it keep the places they had before it was recorded).</item>
/// </list>
/// <para>The gradient histograms' bins are in the JSON only.</para>
/// <para><b>JSON format.</b> An object <c>{ "bestEpoch", "stopReason", "elapsed", "settings", "epochs": [ ... ] }</c>
/// (<c>settings</c>: the <see cref="TrainingSettings"/>, or null; the run's <see cref="Diagnosis"/> and
/// <see cref="Calibration"/> are not written, so a history read back has <see cref="TrainingDiagnosis.Healthy"/> and no calibration, while each epoch keeps its findings) whose epochs
/// carry every <see cref="EpochReport"/>, <see cref="LayerStatistics"/> and <see cref="EmbeddingStatistics"/> property in camelCase (histograms
/// included), enums as names, time spans as "d.hh:mm:ss.fffffff", NaN and infinities as the strings "NaN",
/// "Infinity", "-Infinity".</para>
/// </remarks>
public sealed partial class TrainingHistory
{
    private readonly List<EpochReport> _epochs = [];

    /// <summary>One report per completed epoch, in order.</summary>
    public IReadOnlyList<EpochReport> Epochs => _epochs;

    /// <summary>Epoch (1-based) whose weights the model holds: the best one under early stopping, else the last.</summary>
    public int BestEpoch { get; internal set; }

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; internal set; }

    /// <summary>Total wall-clock time of training.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>What the automatic diagnosis found in the run (gradient flow, units, learning rate, overfitting, input
    /// scales), most severe first; set when training ends or diverges.</summary>
    public TrainingDiagnosis Diagnosis { get; internal set; } = TrainingDiagnosis.Healthy;

    /// <summary>The settings the run used, the automatic ones resolved; null for a history that does not record them
    /// (one read from a file of MLNet.Backprop before 1.0, or from JSON without them).</summary>
    public TrainingSettings? Settings { get; internal set; }

    /// <summary>The probability calibration of a classifier and its measures on the hold-out rows (log-loss, ECE and
    /// the reliability diagram, before and after); null for regression, for the networks of an ensemble after the first,
    /// and for a history read from a file written before calibration existed.</summary>
    public CalibrationReport? Calibration { get; internal set; }

    internal void Add(EpochReport report) => _epochs.Add(report);

    internal void ReplaceLast(EpochReport report) => _epochs[^1] = report;
}
