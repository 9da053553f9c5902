namespace MLNet.Backprop;

/// <summary>
/// The numbers at which the training diagnosis raises a finding. The defaults were chosen to stay silent on healthy
/// runs (normalised tabular data, sensible learning rates) while catching the purpose-built failure cases; each
/// property says why. Valid values, checked when set (<see cref="ArgumentOutOfRangeException"/> naming the property):
/// shares in (0, 1]; growth factors finite and &gt; 1; other ratios finite and &gt; 0; epoch counts ≥ 1.
/// </summary>
public sealed class DiagnosisThresholds
{
    /// <summary>The defaults.</summary>
    public static DiagnosisThresholds Default { get; } = new();

    /// <summary>Vanishing gradients: the first layer's per-value gradient RMS (<see cref="Training.LayerStatistics.GradientRms"/>:
    /// of a sparse first layer, over the rows its batches touched) is below this fraction of the output layer's. Default
    /// 1e-3: three orders of magnitude. Healthy ReLU/tanh nets stay within ~1e-1 (the fine-food reviews' 178k n-gram
    /// slots: 0.009-0.015 over the touched rows, 0.0016-0.003 over all of them); a sigmoid layer passes on at most a
    /// quarter of its gradient, so eight sigmoid layers fall far below it.</summary>
    public double VanishingRatio { get; init => field = Positive(value, nameof(VanishingRatio)); } = 1e-3;

    /// <summary>Vanishing gradients: the first layer's per-value gradient RMS is below this absolute floor.
    /// Default 1e-7: at float32 precision and learning rates ≤ 1 such updates no longer change weights of order 1e-1.
    /// Under RMSprop, Adam and AdamW the floor is the smaller of this and the optimizer's <c>Epsilon</c>: their step is
    /// about the learning rate whatever the gradient's size above ε, so a small gradient alone does not stop them.</summary>
    public double VanishingFloor { get; init => field = Positive(value, nameof(VanishingFloor)); } = 1e-7;

    /// <summary>Consecutive epochs the vanishing condition must hold (fewer if the run is shorter). Default 3, so a
    /// single odd epoch is not reported.</summary>
    public int VanishingEpochs { get; init => field = Count(value, nameof(VanishingEpochs)); } = 3;

    /// <summary>No learning: the run's best training loss must be at least this share below the loss of predicting a
    /// constant (the label's average). Default 0.05: a healthy churn run ends 30 % below it; 5 % below the
    /// constant is the fit a few weights get by chance.</summary>
    public double NoLearningMargin { get; init => field = Share(value, nameof(NoLearningMargin)); } = 0.05;

    /// <summary>Epochs a run needs before "no learning" is judged. Default 5.</summary>
    public int SlowEpochsMinimum { get; init => field = Count(value, nameof(SlowEpochsMinimum)); } = 5;

    /// <summary>Exploding gradients: an epoch's mean gradient norm is this many times the smallest earlier epoch mean
    /// while the loss is not improving. Default 100: healthy runs move their norm by one order of magnitude at most.</summary>
    public double ExplodingGrowth { get; init => field = Factor(value, nameof(ExplodingGrowth)); } = 100;

    /// <summary>Exploding gradients: share of mini-batches in which clipping fired. Default 0.5 ("most of the time");
    /// clipping is meant to catch spikes, not to set every step's size.</summary>
    public double ClippingShare { get; init => field = Share(value, nameof(ClippingShare)); } = 0.5;

    /// <summary>Epochs in which clipping must fire that often. Default 3.</summary>
    public int ClippingEpochs { get; init => field = Count(value, nameof(ClippingEpochs)); } = 3;

    /// <summary>Dead units: share of a ReLU layer's units never active in the final epoch. Default 0.5 (Warning); a
    /// layer with all units dead is Critical. Healthy He-initialised ReLU layers have a few percent dead.</summary>
    public double DeadShare { get; init => field = Share(value, nameof(DeadShare)); } = 0.5;

    /// <summary>Saturation: share of a sigmoid/tanh layer's activations at their bounds in the final epoch. Default 0.5;
    /// healthy tanh layers on standardised inputs stay well under a quarter. Told as a warning when the run suffered for
    /// it (it learned little, its loss went back up, or the inputs or label are far from unit scale), else as a note: on
    /// the default input stage's bins and embeddings many units saturate while the loss keeps falling.</summary>
    public double SaturatedShare { get; init => field = Share(value, nameof(SaturatedShare)); } = 0.5;

    /// <summary>Learning rate too high: an epoch-to-epoch loss rise counts when it exceeds this fraction of the
    /// previous loss (and 1% of the first epoch's loss or, when larger, of the best constant prediction's, so noise on a
    /// tiny converged loss is ignored). Default 0.1.</summary>
    public double LossRise { get; init => field = Positive(value, nameof(LossRise)); } = 0.1;

    /// <summary>Learning rate too high: share of epoch transitions with such a rise (at least 4 transitions). Default 0.3;
    /// healthy mini-batch training has a rise of 10% in far fewer epochs.</summary>
    public double OscillationShare { get; init => field = Share(value, nameof(OscillationShare)); } = 0.3;

    /// <summary>Learning rate too high: a loss above this multiple of the best loss so far that also gives back a
    /// quarter of the progress made. Default 2.</summary>
    public double SpikeFactor { get; init => field = Factor(value, nameof(SpikeFactor)); } = 2;

    /// <summary>Learning rate too low: epochs examined at the start of training (at least 5 must have run). Default 10.</summary>
    public int SlowEpochs { get; init => field = Count(value, nameof(SlowEpochs)); } = 10;

    /// <summary>Learning rate too low: relative loss drop over those epochs below this. Default 0.01 (1%). The drop is
    /// measured from the first epoch's loss, or from the loss of predicting the average label when the first epoch's was
    /// above it and the run later beat it clearly (by <see cref="NoLearningMargin"/>): reaching the average is the output's
    /// bias learning the label's share, not the features (SGD on 65 % positive reviews fell 5.6 % in 10 epochs, all of it
    /// to that loss).</summary>
    public double SlowRelativeChange { get; init => field = Positive(value, nameof(SlowRelativeChange)); } = 0.01;

    /// <summary>Learning rate too low: and the mean update ratio ‖Δw‖/‖w‖ below this (healthy ≈ 1e-3). Default 1e-4;
    /// this guard keeps a network that converged in its first epoch from being reported.</summary>
    public double SlowUpdateRatio { get; init => field = Positive(value, nameof(SlowUpdateRatio)); } = 1e-4;

    /// <summary>Overfitting: validation loss at least this fraction above its minimum. Default 0.1 (10%).</summary>
    public double OverfitRise { get; init => field = Positive(value, nameof(OverfitRise)); } = 0.1;

    /// <summary>Overfitting: epochs after the validation minimum with such a rise while the training loss fell. Default 3.</summary>
    public int OverfitEpochs { get; init => field = Count(value, nameof(OverfitEpochs)); } = 3;

    /// <summary>Largest safe update ratio ‖Δw‖/‖w‖ per step, used to suggest a learning rate after divergence.
    /// Default 1e-2, ten times the usual healthy 1e-3: for Adam with He-initialised weights it gives ≈ 1e-3, its
    /// customary default; for SGD it gives 1e-2 · ‖w₀‖ / ‖g₀‖ from the initial weight and gradient norms.</summary>
    public double SafeUpdateRatio { get; init => field = Positive(value, nameof(SafeUpdateRatio)); } = 1e-2;

    /// <summary>Unnormalised inputs: largest over smallest standard deviation of the non-constant features. Default 100:
    /// beyond two orders of magnitude one learning rate cannot suit all weights of the first layer.</summary>
    public double ScaleRatio { get; init => field = Factor(value, nameof(ScaleRatio)); } = 100;

    /// <summary>Unnormalised inputs: a feature's |mean| or standard deviation above this. Default 100: such inputs put
    /// the first layer's pre-activations far outside the range its initialisation assumes (≈ 1).</summary>
    public double ScaleMagnitude { get; init => field = Positive(value, nameof(ScaleMagnitude)); } = 100;

    /// <summary>Frozen embedding: the largest update ratio ‖Δv‖/‖v‖ of a table's touched rows (the last step of each
    /// epoch) stays below this in every epoch. Default 1e-5: measured on 3,000 rows of 30 users and 10 items (the tests'
    /// data), Adam at learning rates 1e-3 to 1e-1 moves the touched rows by 2e-4 to 9e-3 of their size per step, SGD at
    /// 1e-2 and Momentum at 1e-3 by about 1e-4; SGD at 1e-3, whose loss is still 72 % of the start's after 10 epochs,
    /// by 6e-6 to 2e-5, at the edge.</summary>
    public double EmbeddingUpdateRatio { get; init => field = Positive(value, nameof(EmbeddingUpdateRatio)); } = 1e-5;

    /// <summary>Frozen embedding: share of a table's key values that no training row had (their vectors stay as
    /// initialised, and score as random ones). Default 0.5: when half the keys or more are unseen, the key mapping was likely built
    /// on other data than the training rows (or the column is nearly constant).</summary>
    public double UntouchedKeyShare { get; init => field = Share(value, nameof(UntouchedKeyShare)); } = 0.5;

    private static double Share(double value, string name) =>
        value > 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1]; got {value}.");

    private static double Factor(double value, string name) =>
        value > 1 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 1; got {value}.");

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0; got {value}.");

    private static int Count(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1; got {value}.");
}
