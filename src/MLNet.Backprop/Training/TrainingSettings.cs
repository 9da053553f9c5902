using System.Text.Json.Serialization;

namespace MLNet.Backprop.Training;

/// <summary>
/// What one network's training actually used: the values the automatic options (<c>null</c> in
/// <see cref="BackpropTrainer.Options"/>) resolved to for its data, next to the ones that were set. Recorded in the
/// network's <see cref="TrainingHistory.Settings"/>, saved with the model.
/// </summary>
/// <remarks>The input stage (<see cref="NumericEncoding"/> to <see cref="NumericBins"/>) is recorded since 1.1: in a
/// history saved before, those are null (not recorded), and they are left out of the saved JSON when null, so such a
/// history is written as before.</remarks>
public sealed record TrainingSettings
{
    /// <summary>The epoch limit: <see cref="BackpropTrainer.Options.NumberOfEpochs"/>, or the automatic budget (about
    /// 10,000 mini-batch steps, 20 to 100 epochs) when it was null.</summary>
    public int MaximumEpochs { get; init; }

    /// <summary>Epochs without improvement before early stopping, set or automatic; null when early stopping was off (a
    /// set number of epochs without a patience, or automatic epochs without validation rows), whether or not a run with a
    /// patience actually stopped early (<see cref="TrainingHistory.StopReason"/> says).</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>What early stopping and the kept epoch watched.</summary>
    public EarlyStoppingMetric EarlyStoppingMetric { get; init; }

    /// <summary>The share of the training rows held out for validation (0 when <c>Fit</c> was given validation data or
    /// nothing was held out). Streamed rows are held out one by one with this chance, so <see cref="ValidationRows"/> is
    /// about, not exactly, this share of them.</summary>
    public float HoldOutFraction { get; init; }

    /// <summary>Rows the network trained on (after the hold-out).</summary>
    public long TrainingRows { get; init; }

    /// <summary>Validation rows (held out, or given to <c>Fit</c>); 0 without validation.</summary>
    public long ValidationRows { get; init; }

    /// <summary>The network's seed (the run's seed for the first network of an ensemble, one derived from it for the others).</summary>
    public int Seed { get; init; }

    /// <summary>The weight initialisation, <see cref="WeightInitialization.Auto"/> resolved for the activation.</summary>
    public WeightInitialization Initialization { get; init; }

    /// <summary>Whether the trainer standardised the features (and folded the scaling into the first layer).</summary>
    public bool StandardizedFeatures { get; init; }

    /// <summary>Whether the trainer standardised the regression label (and scales the scores back).</summary>
    public bool StandardizedLabel { get; init; }

    /// <summary>The numeric encoding the first layer was trained with: <see cref="BackpropTrainer.Options.NumericEncoding"/>,
    /// or what <see cref="MLNet.Backprop.NumericEncoding.Auto"/> resolved to for this fit (never Auto): in memory on the
    /// dense path <see cref="MLNet.Backprop.NumericEncoding.PiecewiseLinearAndPeriodic"/>, else
    /// <see cref="MLNet.Backprop.NumericEncoding.None"/>. Null: not recorded (a history saved before 1.1). Default null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NumericEncoding? NumericEncoding { get; init; }

    /// <summary>The numeric scaling the first layer was trained with: <see cref="BackpropTrainer.Options.NumericScaling"/>,
    /// or what <see cref="MLNet.Backprop.NumericScaling.Auto"/> resolved to (never Auto): <see cref="MLNet.Backprop.NumericScaling.RobustSmoothClip"/>
    /// with the automatic encoding's composition, else <see cref="MLNet.Backprop.NumericScaling.Standard"/>. Null: not
    /// recorded. Default null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NumericScaling? NumericScaling { get; init; }

    /// <summary>Whether a learned scale per value fed the first layer: <see cref="BackpropTrainer.Options.LearnFeatureScales"/>,
    /// or true when the automatic encoding's composition brought them. Null: not recorded. Default null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? LearnedFeatureScales { get; init; }

    /// <summary>Whether the first layer read the features as a sparse block (<see cref="BackpropTrainer.Options.SparseInput"/>,
    /// set or automatic). Null: not recorded. Default null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? SparseInput { get; init; }

    /// <summary>How the piecewise-linear encoding's bin edges were chosen: <see cref="BackpropTrainer.Options.NumericBinning"/>
    /// for an explicit encoding, the automatic encoding's own (<see cref="MLNet.Backprop.NumericBinning.Supervised"/>) for
    /// Auto. Null when the first layer had no piecewise-linear part, or not recorded. Default null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NumericBinning? NumericBinning { get; init; }

    /// <summary>The most bins per feature of the piecewise-linear encoding (T; a feature may get fewer):
    /// <see cref="BackpropTrainer.Options.NumericBins"/> for an explicit encoding, the automatic encoding's own (32) for
    /// Auto; at least 1. Null when the first layer had no piecewise-linear part, or not recorded. Default null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? NumericBins { get; init; }
}
