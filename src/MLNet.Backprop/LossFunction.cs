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
}
