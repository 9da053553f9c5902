namespace MLNet.Backprop;

/// <summary>What a diagnosis finding is about.</summary>
public enum FindingKind
{
    /// <summary>Gradients reaching the first layers are orders of magnitude below the last layers' (or below a floor).</summary>
    VanishingGradients,
    /// <summary>Gradient norms grow, clipping fires most of the time, or the loss spikes.</summary>
    ExplodingGradients,
    /// <summary>The loss or gradients became NaN or infinite.</summary>
    Divergence,
    /// <summary>A large share of ReLU-family units never activated during an epoch.</summary>
    DeadUnits,
    /// <summary>A large share of sigmoid/tanh activations sit at their bounds, where the derivative is ~0.</summary>
    SaturatedUnits,
    /// <summary>The loss oscillates or rises: the learning rate is too high.</summary>
    LearningRateTooHigh,
    /// <summary>The loss barely moves: the learning rate is too low.</summary>
    LearningRateTooLow,
    /// <summary>Input features have scales far apart or far from 1 (detected at Fit, and only when the network sees the
    /// raw scales: not when the trainer standardises, robustly scales or piecewise-linearly encodes the features); or, with
    /// <see cref="Finding.Column"/> naming the label column, a regression label whose |mean| or standard deviation is above
    /// 3, or whose deviation is below 0.1, in a fit that trains on the label as given (StandardizeLabel = false, in any mode).</summary>
    UnnormalizedInputs,
    /// <summary>Validation loss rises while training loss falls.</summary>
    Overfitting,
    /// <summary>An embedding table whose rows do not move (every epoch's last update a negligible share of the touched
    /// vectors: <see cref="DiagnosisThresholds.EmbeddingUpdateRatio"/>), or half or more of whose key values never had a
    /// training row (their vectors stay as initialised: <see cref="DiagnosisThresholds.UntouchedKeyShare"/>)
    /// (<see cref="Finding.Column"/> names the categorical column).</summary>
    FrozenEmbedding,
    /// <summary>Regression validation labels more than 1e4 training standard deviations from the training labels' mean
    /// (found before training; <see cref="Finding.Column"/> names the label column, the evidence the farthest row): one
    /// such row outweighs the rest of the validation loss that early stopping follows.</summary>
    DistantValidationLabels,
    /// <summary>Streamed rows (<c>DataLoading = Streaming</c>) whose shuffle blocks are far from random samples of the rows:
    /// the file is sorted or grouped by the label or by something it follows (found before training from the counting pass;
    /// <see cref="Finding.Column"/> names the label column). The advice: a larger <c>StreamingBlockSize</c> or a file
    /// shuffled once.</summary>
    OrderedStream,
    /// <summary>Every feature the network reads is constant over the training rows (found before training from the counting
    /// pass; <see cref="Finding.Column"/> names the features column): no row can be told from another, so the model predicts
    /// the same for every row, the label's average or the classes' shares. Gradient and learning-rate findings, which would
    /// only describe a network with nothing to learn, are not raised beside it.</summary>
    ConstantFeatures,
    /// <summary>The regression label never varies over the training rows (found before training from the counting pass;
    /// <see cref="Finding.Column"/> names the label column): the model predicts that value, and there is nothing else to
    /// learn. Gradient and learning-rate findings, which would only describe the noise of a loss already near 0, are not
    /// raised beside it.</summary>
    ConstantLabel,
}

/// <summary>How serious a finding is.</summary>
public enum FindingSeverity
{
    /// <summary>Worth knowing; training is not harmed much.</summary>
    Info,
    /// <summary>Learning is impaired; the advice should be followed.</summary>
    Warning,
    /// <summary>Learning is broken (divergence, no learning at all).</summary>
    Critical,
}
