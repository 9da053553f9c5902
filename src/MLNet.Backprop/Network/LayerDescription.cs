using MLNet.Backprop.Network.Activations;

namespace MLNet.Backprop.Network;

/// <summary>What a dense layer is, apart from its weights: its shape, its activation (with the activation's parameter)
/// and its dropout. What a saved model stores per layer and what a network is rebuilt from.</summary>
/// <param name="Inputs">Number of inputs.</param>
/// <param name="Outputs">Number of units.</param>
/// <param name="Activation">The activation f and its parameter.</param>
/// <param name="Dropout">Share of the outputs zeroed in training; 0 for none.</param>
internal readonly record struct LayerDescription(int Inputs, int Outputs, ActivationSpec Activation, float Dropout);
