namespace MLNet.Backprop.Network.Inputs;

/// <summary>How a part of a network's input enters the first layer.</summary>
/// <remarks>The codes are stored in saved models: append new kinds, never renumber.</remarks>
internal enum InputKind
{
    /// <summary>A dense block of feature values, multiplied by its rows of the first layer's weights.</summary>
    Dense = 0,

    /// <summary>A learned vector per value of a categorical (key) column: the row of the part's table named by the key,
    /// multiplied by its rows of W.</summary>
    Embedding = 1,
    /// <summary>A sparse block of slots (CSR), multiplied by its rows of the first layer's weights: each row adds the W
    /// rows of its non-zero slots, scaled by their values.</summary>
    Sparse = 2,

    /// <summary>The dense feature vector piecewise-linearly encoded on quantile bins (<see cref="PiecewiseLinearInput"/>):
    /// one row of W per bin of each feature.</summary>
    PiecewiseLinear = 3,

    /// <summary>The dense feature vector as periodic embeddings (<see cref="PeriodicInput"/>): learned frequencies, sin and
    /// cos, a linear layer and ReLU per feature; d rows of W per feature.</summary>
    Periodic = 4,

    /// <summary>A dense block behind a learned scale per value (<see cref="ScaledDenseInput"/>), while training only: the
    /// trainer folds the scales into W, so a finished model holds a <see cref="Dense"/> block instead.</summary>
    ScaledDense = 5,

    /// <summary>A dense block robustly scaled and smoothly clipped (<see cref="ClippedDenseInput"/>, <see cref="RobustClip"/>)
    /// before its rows of W: one row of W per feature.</summary>
    ClippedDense = 6,
}
