namespace MLNet.Backprop.Network.Inputs;

/// <summary>How a part of a network's input enters the first layer.</summary>
/// <remarks>The codes are stored in saved models: append new kinds, never renumber.</remarks>
internal enum InputKind
{
    /// <summary>A dense block of feature values, multiplied by its rows of the first layer's weights.</summary>
    Dense = 0,

    /// <summary>A sparse block of slots (CSR), multiplied by its rows of the first layer's weights: each row adds the W
    /// rows of its non-zero slots, scaled by their values. (Code 2: code 1 is kept for the embedding input.)</summary>
    Sparse = 2,
}
