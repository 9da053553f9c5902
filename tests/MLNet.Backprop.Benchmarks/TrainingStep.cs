using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// The bare training step: exactly what the trainer's default loop (<c>MlpTrainer.Run.RunEpoch</c>) does for each
/// mini-batch, without <c>Fit</c>'s reading, checks, epoch reports and diagnosis: gather the batch from the rows shuffled
/// every epoch, forward, binary cross-entropy, backward, per-layer gradient norms and unit statistics (with the
/// histograms and update ratios of an epoch's last batch), Adam. ReLU hidden layers, one logit. Built once;
/// <see cref="Run"/> allocates nothing. Also compiled into tests/MLNet.Backprop.TorchComparison (linked), so both
/// benchmarks time the same step.
/// </summary>
internal sealed partial class TrainingStep
{
    private readonly NeuralNetwork _network;
    private readonly InMemoryBatchSource _source;
    private readonly Workspace _workspace;
    private readonly ILossFunction _loss;
    private readonly LayerStatisticsRecorder _recorder;
    private readonly Optimizer _optimizer;
    private readonly InputBatch _inputs;
    private readonly float[] _targets;
    private readonly Rng _shuffle = new(7);
    private bool _epochDone = true;

    /// <param name="inputs">Input features.</param>
    /// <param name="hidden">Hidden layer widths.</param>
    /// <param name="batch">Mini-batch rows.</param>
    /// <param name="threads">Threads of the products and the optimizer.</param>
    /// <param name="data">The rows (features and 0/1 targets), not copied.</param>
    /// <param name="recordDiagnostics">Unit statistics on (the trainer's default) or off.</param>
    public TrainingStep(int inputs, int[] hidden, int batch, int threads, TrainingData data, bool recordDiagnostics = true)
    {
        Batch = batch;
        Threads = threads;
        _loss = LossFunctions.Create(LossFunction.BinaryCrossEntropy, threads: threads);
        _network = NeuralNetwork.Create(new NetworkOptions { InputSize = inputs, HiddenLayers = hidden, Activation = Activation.ReLU, Seed = 1 });
        _source = new InMemoryBatchSource(data, balance: null);
        _source.UseThreads(threads);
        _workspace = new Workspace(_network, batch);
        _inputs = new InputBatch(InputShape.Dense(inputs), batch);
        _targets = new float[batch];
        _recorder = new LayerStatisticsRecorder(_network, recordDiagnostics) { Threads = threads };
        _optimizer = new Adam(_network.Parameters, beta1: 0.9f, beta2: 0.999f, epsilon: 1e-8f) { DegreeOfParallelism = threads };
    }

    /// <summary>Mini-batch rows.</summary>
    public int Batch { get; }

    /// <summary>Threads of the products and the optimizer.</summary>
    public int Threads { get; }

    /// <summary>One step; returns the batch loss. Marks the phases of an active <see cref="PhaseClock"/> as the trainer's loop does.</summary>
    public double Run()
    {
        if (_epochDone)
        {
            _source.BeginEpoch(_shuffle);
            _recorder.BeginEpoch();
        }
        int count = _source.Next(_inputs, _targets, default, Batch, out _epochDone);
        PhaseClock.Mark(TrainingPhase.Gather);
        var view = _inputs.View(count);
        var logits = _network.Forward(_workspace, view, training: true, null, Threads);
        double loss = _loss.Evaluate(logits, _targets.AsSpan(0, count), default, _workspace.Delta[^1], count, 1);
        PhaseClock.Mark(TrainingPhase.Loss);
        _network.Backward(_workspace, view, Threads);
        _recorder.RecordBatch(_workspace, count);
        if (_epochDone) _recorder.BeforeStep();
        _optimizer.Step(1e-3f);
        PhaseClock.Mark(TrainingPhase.Optimizer);
        if (_epochDone)
        {
            _recorder.AfterStep();
            _recorder.EndEpoch();
        }
        return loss;
    }
}
