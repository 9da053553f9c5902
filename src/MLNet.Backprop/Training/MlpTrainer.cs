using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop.Training;

/// <summary>
/// Trains a <see cref="NeuralNetwork"/> by mini-batch gradient descent on in-memory data: per epoch, shuffle the row
/// order, then for each batch: forward → loss → backward → L2 → clip → optimizer step; after the epoch, validate,
/// report and apply early stopping.
/// </summary>
/// <remarks>
/// Reproducibility: with the same seeds, the weights are bit-identical whatever <see cref="TrainingOptions.NumberOfThreads"/>
/// is. Threads only split the matrix products into blocks whose arithmetic does not depend on the split; every
/// reduction (loss, norms, bias gradients) runs in one fixed order.
/// </remarks>
internal static partial class MlpTrainer
{
    private const int ValidationChunk = 1024;

    /// <summary>Trains <paramref name="network"/> in place on in-memory rows and returns the history.</summary>
    /// <param name="network">The network; its input and output sizes must match the data and loss.</param>
    /// <param name="training">The training examples (their own weights; no class balancing).</param>
    /// <param name="options">How to train (checked by the caller).</param>
    /// <param name="validation">Held-out examples for validation metrics and early stopping, or null.</param>
    /// <param name="progress">Receives each <see cref="EpochReport"/> as soon as the epoch ends, or null.</param>
    /// <param name="cancellationToken">Checked before every mini-batch.</param>
    /// <param name="monitor">Watches the run (the diagnosis), or null for none.</param>
    /// <exception cref="ArgumentException">Data and network do not fit together.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the network holds the last completed step.</exception>
    /// <exception cref="TrainingDivergedException">The loss or gradients became non-finite (see <see cref="TrainingOptions.OnDivergence"/>).</exception>
    public static TrainingHistory Train(NeuralNetwork network, TrainingData training, TrainingOptions options,
        TrainingData? validation = null, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default,
        ITrainingMonitor? monitor = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        var loss = LossFunctions.Create(options.Loss);
        CheckFits(network, loss, training, nameof(training));
        return Train(network, new InMemoryBatchSource(training, balance: null), options, validation, progress, cancellationToken, monitor);
    }

    /// <summary>Trains from any batch source: rows in memory or streamed, the one path of the ML.NET trainer.</summary>
    public static TrainingHistory Train(NeuralNetwork network, IBatchSource source, TrainingOptions options,
        TrainingData? validation, IProgress<EpochReport>? progress, CancellationToken cancellationToken, ITrainingMonitor? monitor)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var loss = LossFunctions.Create(options.Loss, options.ResolvedThreads);
        if (source.Inputs != network.Input.Shape)
            throw new ArgumentException($"The training rows carry {source.Inputs} but the network expects {network.Input.Shape}.", nameof(source));
        if (validation is not null) CheckFits(network, loss, validation, nameof(validation));
        CheckMetric(options, loss, network, validation);
        var layout = new RowLayout(source.Rows ?? options.BatchSize, source.Inputs, source.TargetWidth, source.HasWeights);
        return new Run(network, source, layout, options, loss, validation, progress, cancellationToken, monitor ?? NullTrainingMonitor.Instance).Execute();
    }

    private static void CheckFits(NeuralNetwork network, ILossFunction loss, TrainingData data, string name)
    {
        if (data.Inputs != network.Input.Shape)
            throw new ArgumentException($"The {name} data carries {data.Inputs} but the network expects {network.Input.Shape}.", name);
        int width = loss.TargetWidth(network.OutputSize);
        if (data.TargetWidth != width)
            throw new ArgumentException($"The {name} data has {data.TargetWidth} target values per row; {loss.Kind} with {network.OutputSize} outputs needs {width}.", name);
        for (int i = 0; i < data.Rows; i++)
            if (loss.TargetProblem(data.Targets.AsSpan(i * width, width), network.OutputSize) is { } problem)
                throw new ArgumentException($"The {name} target of row {i} is {problem}.", name);
    }

    private static void CheckMetric(TrainingOptions options, ILossFunction loss, NeuralNetwork network, TrainingData? validation)
    {
        if (options.EarlyStoppingMetric == EarlyStoppingMetric.Loss) return;
        if (!loss.Supports(options.EarlyStoppingMetric, network.OutputSize))
            throw new ArgumentOutOfRangeException(nameof(options.EarlyStoppingMetric), options.EarlyStoppingMetric,
                $"EarlyStoppingMetric {options.EarlyStoppingMetric} does not apply to {loss.Kind} with {network.OutputSize} outputs; use Loss.");
        if (validation is null && options.EarlyStoppingPatience is not null)
            throw new ArgumentException($"EarlyStoppingMetric {options.EarlyStoppingMetric} is measured on validation data; pass validation data or watch Loss.", nameof(validation));
    }
}
