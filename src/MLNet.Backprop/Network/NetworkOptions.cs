using MLNet.Backprop.Network.Activations;

namespace MLNet.Backprop.Network;

/// <summary>The architecture of a <see cref="NeuralNetwork"/> and how its weights start. Built from the trainer's
/// checked options; the defaults are <see cref="Defaults"/>'.</summary>
internal sealed class NetworkOptions
{
    public int InputSize { get; set; }
    public int[] HiddenLayers { get; set; } = Defaults.HiddenLayers;
    public int OutputSize { get; set; } = 1;
    /// <summary>The hidden layers' activation with its parameter (a bare <see cref="Backprop.Activation"/> converts with the default parameter).</summary>
    public ActivationSpec Activation { get; set; } = Defaults.EngineActivation;
    public WeightInitialization Initialization { get; set; } = Defaults.Initialization;
    public float InitialBias { get; set; } = Defaults.InitialBias;
    public float Dropout { get; set; } = Defaults.Dropout;

    /// <summary>Seed of the weight initialisation.</summary>
    public ulong Seed { get; set; }

    /// <summary>Threads that may draw the initial weights (0: all cores); the weights do not depend on it.</summary>
    public int NumberOfThreads { get; set; } = 1;
}
