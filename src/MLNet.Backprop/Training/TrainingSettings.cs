namespace MLNet.Backprop.Training;

/// <summary>
/// What one network's training actually used: the values the automatic options (<c>null</c> in
/// <see cref="BackpropTrainer.Options"/>) resolved to for its data, next to the ones that were set. Recorded in the
/// network's <see cref="TrainingHistory.Settings"/>, saved with the model.
/// </summary>
public sealed record TrainingSettings
{
    /// <summary>The epoch limit: <see cref="BackpropTrainer.Options.NumberOfEpochs"/>, or the automatic budget (about
    /// 10,000 mini-batch steps, 20 to 100 epochs) when it was null.</summary>
    public int MaximumEpochs { get; init; }

    /// <summary>Epochs without improvement before early stopping, set or automatic; null when training did not stop
    /// early (a set number of epochs without a patience).</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>What early stopping and the kept epoch watched.</summary>
    public EarlyStoppingMetric EarlyStoppingMetric { get; init; }

    /// <summary>The share of the training rows held out for validation (0 when <c>Fit</c> was given validation data or
    /// nothing was held out).</summary>
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
}
