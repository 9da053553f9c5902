namespace ChurnPrediction.CommandLine;

/// <summary>The parsed command line. Defaults are the sample's documented default configuration.</summary>
public sealed record ChurnOptions
{
    /// <summary>The default seed of the MLContext and of the MLP (initial weights, shuffling, dropout, validation split).</summary>
    public const int DefaultSeed = 0;

    /// <summary>The default folder for the model file and reports, relative to the current directory.</summary>
    public const string DefaultOutputDirectory = "churn-output";

    public ChurnCommand Command { get; init; } = ChurnCommand.Train;

    /// <summary>--data: a Telco CSV given by the user; null to find, cache or download the real one.</summary>
    public string? DataPath { get; init; }

    /// <summary>--synthetic: use generated data with the Telco schema (figures are not real).</summary>
    public bool Synthetic { get; init; }

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>--epochs: overrides the MLP's maximum number of epochs; null keeps the default.</summary>
    public int? Epochs { get; init; }

    public string OutputDirectory { get; init; } = DefaultOutputDirectory;

    /// <summary>--quiet: no per-epoch progress lines.</summary>
    public bool Quiet { get; init; }

    /// <summary>--model: the saved model of predict and evaluate.</summary>
    public string? ModelPath { get; init; }

    /// <summary>--input: the customers to score (predict).</summary>
    public string? InputPath { get; init; }

    /// <summary>--output: where predict writes its CSV; null for standard output.</summary>
    public string? OutputPath { get; init; }

    /// <summary>--learning-rates (sweep); null for the default grid 0.1, 0.01, 0.001.</summary>
    public IReadOnlyList<float>? LearningRates { get; init; }

    /// <summary>--activations (sweep); null for ReLU, Tanh, Sigmoid.</summary>
    public IReadOnlyList<MLNet.Backprop.Activation>? Activations { get; init; }

    /// <summary>--optimizers (sweep); null to keep the sweep's base optimizer (Adam) only.</summary>
    public IReadOnlyList<MLNet.Backprop.OptimizerKind>? Optimizers { get; init; }

    /// <summary>--clip-norms (sweep, null entries meaning "off"); null for no clipping axis.</summary>
    public IReadOnlyList<float?>? ClipNorms { get; init; }

    /// <summary>--trials (tune); null for <c>TuneCommand.DefaultTrials</c>.</summary>
    public int? Trials { get; init; }

    /// <summary>--hidden (sweep): units per hidden layer; null for the sweep's default {64, 32}.</summary>
    public IReadOnlyList<int>? HiddenLayers { get; init; }
}
