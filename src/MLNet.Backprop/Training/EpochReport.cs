namespace MLNet.Backprop.Training;

/// <summary>What happened in one epoch of training.</summary>
public sealed record EpochReport
{
    /// <summary>Epoch number, 1-based.</summary>
    public int Epoch { get; init; }

    /// <summary>Weighted mean training loss over the epoch's mini-batches (before each update; without the L2 penalty).
    /// For regression with a standardised label (the default), in standardised units: squared error ÷ the label's
    /// variance, so 1 is the loss of predicting the mean.</summary>
    public double TrainingLoss { get; init; }

    /// <summary>Loss on the validation data after the epoch (in the same units as <see cref="TrainingLoss"/>), or null without validation data.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>The early-stopping metric on the validation data (AUC, accuracy or loss), or null without validation data.</summary>
    public double? ValidationMetric { get; init; }

    /// <summary>Learning rate used in the epoch.</summary>
    public float LearningRate { get; init; }

    /// <summary>Mean global gradient norm before clipping over the epoch's mini-batches.</summary>
    public double GradientNormMean { get; init; }

    /// <summary>Largest global gradient norm before clipping in the epoch.</summary>
    public double GradientNormMax { get; init; }

    /// <summary>Number of mini-batches whose gradients were clipped (by norm or by value).</summary>
    public int ClippedBatches { get; init; }

    /// <summary>Number of mini-batches in the epoch.</summary>
    public int Batches { get; init; }

    /// <summary>Per-layer statistics, first layer first.</summary>
    public IReadOnlyList<LayerStatistics> Layers { get; init; } = [];

    /// <summary>Per embedding table statistics (one per categorical column, in <see cref="BackpropTrainer.Options.CategoricalColumnNames"/>
    /// order); empty without categorical columns.</summary>
    public IReadOnlyList<EmbeddingStatistics> Embeddings { get; init; } = [];

    /// <summary>Findings first raised by the per-epoch diagnosis checks at the end of this epoch (exploding or vanishing
    /// gradients, an unstable loss); usually empty.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Wall-clock time of the epoch, validation included.</summary>
    public TimeSpan Elapsed { get; init; }
}
