namespace MLNet.Backprop;

/// <summary>The update rule used to train the network, in order of increasing complexity.</summary>
public enum OptimizerKind
{
    /// <summary>Plain stochastic gradient descent: <c>w ← w − η·g</c>.</summary>
    Sgd,
    /// <summary>SGD with heavy-ball momentum: <c>v ← μ·v + g; w ← w − η·v</c>.</summary>
    Momentum,
    /// <summary>SGD with Nesterov momentum: <c>v ← μ·v + g; w ← w − η·(g + μ·v)</c>.</summary>
    Nesterov,
    /// <summary>Adagrad: per-weight rates from the running sum of squared gradients.</summary>
    Adagrad,
    /// <summary>RMSprop: per-weight rates from a moving average of squared gradients.</summary>
    RmsProp,
    /// <summary>Adam (Kingma &amp; Ba, 2015): bias-corrected first and second moment estimates.</summary>
    Adam,
    /// <summary>AdamW (Loshchilov &amp; Hutter, 2019): Adam with decoupled weight decay.</summary>
    AdamW,
}
