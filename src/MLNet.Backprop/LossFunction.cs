namespace MLNet.Backprop;

/// <summary>The training objective, computed on the network's linear outputs (logits).</summary>
public enum LossFunction
{
    /// <summary>Binary cross-entropy on one logit; target 0 or 1 (or a probability). Link: sigmoid.</summary>
    BinaryCrossEntropy,
    /// <summary>Softmax cross-entropy on K logits; target a class index 0..K−1. Link: softmax.</summary>
    SoftmaxCrossEntropy,
    /// <summary>Mean squared error over the outputs. Link: identity.</summary>
    MeanSquaredError,
    /// <summary>Huber loss (quadratic within ±δ, linear outside), averaged over the outputs. Link: identity.</summary>
    Huber,
    /// <summary>Focal loss (Lin et al. 2017) on one logit: −(1 − p_t)^γ·log p_t, γ = <see cref="BackpropTrainer.Options.FocalGamma"/>;
    /// down-weights the rows already predicted well. Binary classification. Link: sigmoid.</summary>
    BinaryFocal,
    /// <summary>Focal loss on K logits: −(1 − p_c)^γ·log p_c with p = softmax(z), γ = <see cref="BackpropTrainer.Options.FocalGamma"/>.
    /// Multiclass classification. Link: softmax.</summary>
    SoftmaxFocal,
}
