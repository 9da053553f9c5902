using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

// The micro-batch mode (Options.MicroBatchSize): on this machine's threads, or through a backend that brings its own
// rows and step executor (the distributed package's cluster).
public sealed partial class BackpropTrainer
{
    private readonly IMicroBatchBackend? _backend;

    /// <summary>A trainer whose rows and steps come from <paramref name="backend"/> (the options must set
    /// <see cref="Options.MicroBatchSize"/>).</summary>
    internal BackpropTrainer(IHostEnvironment environment, Options options, IMicroBatchBackend backend) : this(environment, options)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (_options.MicroBatchSize is null) throw new ArgumentException("A training backend needs Options.MicroBatchSize.", nameof(options));
        _backend = backend;
    }

    /// <summary>The task this trainer trains on data of <paramref name="schema"/> (its option, or inferred from the label type).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The label column is missing or of no trainable type.</exception>
    internal BackpropTask TaskFor(DataViewSchema schema) => ResolveTask(Integration.Schema.SchemaShapes.FromSchema(schema));

    private TrainingHistory Train(NeuralNetwork network, TrainingSet set, TrainingOptions trainingOptions, IProgress<EpochReport>? progress,
        ITrainingMonitor monitor, CancellationToken cancellation)
    {
        if (_options.MicroBatchSize is not int micro)
            return MlpTrainer.Train(network, set.Source, trainingOptions, set.Validation, progress, cancellation, monitor);
        if (set.Summary.Rows > int.MaxValue)
            throw new InvalidOperationException($"The micro-batch mode trains on at most {int.MaxValue:N0} rows; the data has {set.Summary.Rows:N0}.");
        var plan = new MicroBatchPlan((int)set.Summary.Rows, _options.BatchSize, micro);
        var loss = LossFunctions.Create(trainingOptions.Loss);
        var setup = _backend?.Prepare(new MicroBatchJob(network, loss, plan, trainingOptions, set.Balance))
            ?? new MicroBatchSetup(new LocalStepExecutor(network, loss, (IRowSource)set.Source, plan, trainingOptions.Seed, trainingOptions.Shuffle,
                trainingOptions.ResolvedThreads, trainingOptions.RecordDiagnostics));
        return MlpTrainer.Train(network, set.Source, trainingOptions, set.Validation, progress, cancellation, monitor, setup);
    }
}

/// <summary>Where the micro-batch mode's rows and steps come from when they are not this process's (the distributed
/// package implements it; the trainer's checks, network, diagnosis and model stay the trainer's).</summary>
internal interface IMicroBatchBackend
{
    /// <summary>The training rows' shape and summary, for <paramref name="task"/>; <paramref name="schema"/> is the
    /// data view given to <c>Fit</c> (its rows are not read).</summary>
    (IBatchSource Shape, DataSummary Summary) Describe(IDataView schema, BackpropTask task);

    /// <summary>The executor (and checkpoints) of a run about to start.</summary>
    MicroBatchSetup Prepare(MicroBatchJob job);
}

/// <summary>What a backend needs to run the steps of one training run.</summary>
/// <param name="Network">The freshly initialised network (its architecture and starting weights).</param>
/// <param name="Loss">The loss.</param>
/// <param name="Plan">The cut of each epoch into steps and micro-batches.</param>
/// <param name="Options">The engine's settings (seed, shuffling, diagnostics...).</param>
/// <param name="Balance">The class balance applied to the rows, or null.</param>
internal sealed record MicroBatchJob(NeuralNetwork Network, ILossFunction Loss, MicroBatchPlan Plan, TrainingOptions Options, ClassBalance? Balance);
