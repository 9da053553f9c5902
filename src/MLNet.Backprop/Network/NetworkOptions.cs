using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Network;

/// <summary>The architecture of a <see cref="NeuralNetwork"/> and how its weights start. Built from the trainer's
/// checked options; the defaults are <see cref="Defaults"/>'.</summary>
internal sealed record NetworkOptions
{
    /// <summary>Values of the one dense input block, when <see cref="InputParts"/> is null.</summary>
    public int InputSize { get; init; }

    /// <summary>The input stage's parts, or null for one dense block of <see cref="InputSize"/> values.</summary>
    public IReadOnlyList<InputPartDescription>? InputParts { get; init; }
    public int[] HiddenLayers { get; init; } = Defaults.HiddenLayers;
    public int OutputSize { get; init; } = 1;
    /// <summary>The hidden layers' activation with its parameter (a bare <see cref="Backprop.Activation"/> converts with the default parameter).</summary>
    public ActivationSpec Activation { get; init; } = Defaults.Activation;
    public WeightInitialization Initialization { get; init; } = Defaults.Initialization;
    public float InitialBias { get; init; } = Defaults.InitialBias;
    public float Dropout { get; init; } = Defaults.Dropout;

    /// <summary>Seed of the weight initialisation.</summary>
    public ulong Seed { get; init; }

    /// <summary>Threads that may draw the initial weights (0: all cores); the weights do not depend on it.</summary>
    public int NumberOfThreads { get; init; } = 1;
}
