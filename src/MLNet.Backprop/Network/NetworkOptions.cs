namespace MLNet.Backprop.Network;

/// <summary>The architecture of a <see cref="NeuralNetwork"/> and how its weights start.</summary>
public sealed class NetworkOptions
{
    /// <summary>Number of input features. Required; at least 1.</summary>
    public int InputSize { get; set; }

    /// <summary>Units of each hidden layer, first to last. Default { 64, 32 }; each at least 1; may be empty (a linear model).</summary>
    public int[] HiddenLayers { get; set; } = [64, 32];

    /// <summary>Number of outputs (logits): 1 for binary classification or regression, K for K classes. Default 1; at least 1.</summary>
    public int OutputSize { get; set; } = 1;

    /// <summary>Activation of every hidden layer. Default <see cref="Activation.ReLU"/>. The output layer is linear.</summary>
    public Activation Activation { get; set; } = Activation.ReLU;

    /// <summary>Slope α of <see cref="Activation.LeakyReLU"/> for negative inputs. Default 0.01; range [0, 1).</summary>
    public float LeakyReluSlope { get; set; } = 0.01f;

    /// <summary>α of <see cref="Activation.ELU"/>. Default 1; finite and positive.</summary>
    public float EluAlpha { get; set; } = 1f;

    /// <summary>Initial weight distribution. Default <see cref="WeightInitialization.Auto"/> (He or Glorot by activation).</summary>
    public WeightInitialization Initialization { get; set; } = WeightInitialization.Auto;

    /// <summary>Initial value of every hidden-layer bias. Default 0; must be finite.</summary>
    public float InitialBias { get; set; }

    /// <summary>Dropout rate after each hidden layer during training. Default 0 (off); range [0, 1).</summary>
    public float Dropout { get; set; }

    /// <summary>Seed of the weight initialisation. Default 0.</summary>
    public ulong Seed { get; set; }

    /// <summary>Checks every option and throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid one.</summary>
    public void Validate()
    {
        if (InputSize < 1) throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize, "InputSize must be at least 1.");
        if (HiddenLayers is null) throw new ArgumentNullException(nameof(HiddenLayers), "HiddenLayers must not be null; use an empty array for no hidden layer.");
        for (int i = 0; i < HiddenLayers.Length; i++)
            if (HiddenLayers[i] < 1)
                throw new ArgumentOutOfRangeException(nameof(HiddenLayers), HiddenLayers[i], $"HiddenLayers[{i}] is {HiddenLayers[i]}; every hidden layer needs at least 1 unit.");
        if (OutputSize < 1) throw new ArgumentOutOfRangeException(nameof(OutputSize), OutputSize, "OutputSize must be at least 1.");
        if (!Enum.IsDefined(Activation)) throw new ArgumentOutOfRangeException(nameof(Activation), Activation, "Unknown activation.");
        if (!(LeakyReluSlope >= 0f && LeakyReluSlope < 1f)) throw new ArgumentOutOfRangeException(nameof(LeakyReluSlope), LeakyReluSlope, "LeakyReluSlope must be in [0, 1).");
        if (!(EluAlpha > 0f) || float.IsInfinity(EluAlpha)) throw new ArgumentOutOfRangeException(nameof(EluAlpha), EluAlpha, "EluAlpha must be finite and positive.");
        if (!Enum.IsDefined(Initialization)) throw new ArgumentOutOfRangeException(nameof(Initialization), Initialization, "Unknown weight initialization.");
        if (!float.IsFinite(InitialBias)) throw new ArgumentOutOfRangeException(nameof(InitialBias), InitialBias, "InitialBias must be finite.");
        if (!(Dropout >= 0f && Dropout < 1f)) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
    }
}
