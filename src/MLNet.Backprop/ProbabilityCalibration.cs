namespace MLNet.Backprop;

/// <summary>How a classifier's probabilities are made to mean what they say: a map of the model's logits (binary Score,
/// multiclass class logits) before the sigmoid or softmax, affine except <see cref="Isotonic"/>, stored with the model
/// and exported to ONNX.</summary>
public enum ProbabilityCalibration
{
    /// <summary>Without class weighting: for a binary classifier <see cref="Platt"/> when training holds at least 100 rows
    /// out (counted as below), else <see cref="None"/>; for a multiclass one <see cref="None"/>. (The unweighted
    /// cross-entropy is calibrated at its optimum, but a network stopped early on a small hold-out is not at it: over 25
    /// folds Platt scaling lowered the log-loss and the expected calibration error on 6 of 8 binary sets, while a
    /// temperature raised both on letter and penguins; <see cref="Isotonic"/>, measured on 8 binary sets, lowered the ECE
    /// on the large hold-outs but raised the log-loss on some sets.) With <see cref="ClassWeighting.Balanced"/> or
    /// <see cref="BackpropTrainer.Options.BalancedSampling"/> (or <see cref="ClassWeighting.SquareRoot"/>), <see cref="Platt"/>
    /// when training holds at least 100 rows out, the hold-outs of an ensemble's networks counted together (the automatic hold-out of early stopping,
    /// <see cref="BackpropTrainer.Options.ValidationFraction"/>, or validation data given to <c>Fit</c>), else
    /// <see cref="PriorCorrection"/>. Chosen by measurement: see the
    /// README section "Rare events and probabilities".</summary>
    Auto,
    /// <summary>The network's outputs as trained; with class weighting the probabilities lean toward the up-weighted classes.</summary>
    None,
    /// <summary>Undoes class weighting (and balanced mini-batches, which act as Balanced weights) exactly: weighting class c by w_c moves the weighted loss' optimum logit by
    /// log(w_pos / w_neg) (binary) or each softmax logit by log(w_c) (multiclass); the correction subtracts it. The
    /// identity without class weighting. Needs no hold-out.</summary>
    PriorCorrection,
    /// <summary>Binary: Platt scaling, P = σ(a·s + b) with a and b fitted by maximum likelihood on the hold-out rows
    /// (the validation rows early stopping uses; in an ensemble every network's logits on its own hold-out; a hold-out drawn
    /// row by row, as streamed, micro-batch and cluster fits draw it, weighted first to the class shares of all the rows
    /// given to <c>Fit</c>, which a stratified one has); multiclass: the prior correction, then temperature scaling (one
    /// factor on every logit) fitted the same way. Without hold-out rows, with one class in them, or with a fitted slope
    /// that is not positive (it would reverse the ranking), it falls back to <see cref="PriorCorrection"/> (under
    /// <see cref="Auto"/> without class weighting: the probabilities as trained, <see cref="None"/>) and says so in
    /// <see cref="Training.TrainingHistory.Calibration"/>.</summary>
    Platt,
    /// <summary>Temperature scaling: every logit multiplied by one factor a &gt; 0 (a = 1/T) fitted by maximum likelihood on the
    /// hold-out rows, P = σ(a·s) (binary, no intercept) or softmax(a·z) (multiclass, after the prior correction when
    /// classes were weighted). One parameter, so it cannot shift the base rate and needs fewer rows than Platt scaling.
    /// Without hold-out rows or with one class in them it falls back to <see cref="PriorCorrection"/> (the identity
    /// without class weighting) and says so in <see cref="Training.TrainingHistory.Calibration"/>.</summary>
    Temperature,
    /// <summary>Binary only: isotonic regression of the outcome on the logit, fitted by pool-adjacent-violators on the
    /// hold-out rows (every network's own, pooled; Platt's smoothed targets, so no probability is exactly 0 or 1), then
    /// linear between the fitted blocks' mean logits and constant beyond the first and the last. Monotone and free of a
    /// parametric shape, it needs more rows than the scaling methods. Without hold-out rows or with one class in them it
    /// falls back to <see cref="PriorCorrection"/> and says so in <see cref="Training.TrainingHistory.Calibration"/>.
    /// <c>Fit</c> refuses it for a multiclass task (an <see cref="System.ArgumentOutOfRangeException"/> naming <c>Calibration</c>).</summary>
    Isotonic,
    /// <summary>The probabilities a model trained on equal class shares would give, for a balanced decision: any class
    /// weighting or balanced sampling undone (<see cref="PriorCorrection"/>), then each logit minus the log of its class'
    /// share π_c of the training rows (their example weights summed; binary: the logit minus log(π_pos / π_neg)). The
    /// predicted class is then the one with the largest P(c | x) / π_c, the decision that maximises the mean of the
    /// per-class recalls (ML.NET's macro-accuracy) for a calibrated model, where the plain argmax maximises accuracy and
    /// leaves rare classes under-predicted. <c>Probability</c> no longer estimates the data's frequencies (a rare class'
    /// is raised by 1/π_c relative to the others), so log-loss and calibration error grow; binary ranking measures (AUC)
    /// are unchanged, as the map is a shift. Needs no hold-out; model format 12.</summary>
    EqualPriors,
}
