using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// One training step exactly as <see cref="MlpTrainer"/> runs it for each mini-batch: gather the batch from the
/// shuffled data, forward, binary cross-entropy, backward, per-layer statistics and global norm, Adam update.
/// Built once per shape; <see cref="Run"/> allocates nothing.
/// </summary>
internal sealed class TrainingStep
{
    private const int BatchesPerEpoch = 8;
    private readonly NeuralNetwork _network;
    private readonly InMemoryBatchSource _source;
    private readonly Workspace _workspace;
    private readonly ILossFunction _loss = LossFunctions.Create(LossFunction.BinaryCrossEntropy);
    private readonly LayerStatisticsRecorder _recorder;
    private readonly Optimizer _optimizer;
    private readonly float[] _features, _targets;
    private readonly Rng _shuffle = new(7);
    private readonly int _batch;
    private bool _epochDone = true;

    public TrainingStep(TrainingShape shape, int threads, bool recordDiagnostics = true)
    {
        Shape = shape;
        Threads = threads;
        _batch = shape.Batch;
        _network = NeuralNetwork.Create(new NetworkOptions { InputSize = shape.Inputs, HiddenLayers = shape.Hidden, Activation = Activation.ReLU, Seed = 1 });
        int rows = shape.Batch * BatchesPerEpoch;
        var random = new Random(3);
        var x = new float[rows * shape.Inputs];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() * 2f - 1f;
        var y = new float[rows];
        for (int i = 0; i < rows; i++) y[i] = x[i * shape.Inputs] + 0.3f * x[i * shape.Inputs + 1] > 0 ? 1f : 0f;
        _source = new InMemoryBatchSource(balance: null, data: new TrainingData(x, rows, shape.Inputs, y));
        _workspace = new Workspace(_network, shape.Batch);
        _features = new float[shape.Batch * shape.Inputs];
        _targets = new float[shape.Batch];
        _recorder = new LayerStatisticsRecorder(_network, recordDiagnostics);
        _optimizer = new Adam(_network.Parameters) { DegreeOfParallelism = threads };
    }

    public TrainingShape Shape { get; }

    public int Threads { get; }

    /// <summary>Phase timings in Stopwatch ticks, accumulated by <see cref="RunTimed"/>.</summary>
    public long[] PhaseTicks { get; } = new long[6];

    public static readonly string[] PhaseNames = ["gather", "forward", "loss", "backward", "stats", "adam"];

    /// <summary>One step; returns the batch loss.</summary>
    public double Run()
    {
        if (_epochDone)
        {
            _source.BeginEpoch(_shuffle);
            _recorder.BeginEpoch();
        }
        int count = _source.Next(_features, _targets, default, _batch, out _epochDone);
        var logits = _network.Forward(_workspace, _features, count, training: true, null, Threads);
        double loss = _loss.Evaluate(logits, _targets.AsSpan(0, count), default, _workspace.Delta[^1], count, 1);
        _network.Backward(_workspace, _features, count, Threads);
        _recorder.RecordBatch(_workspace, count);
        _optimizer.Step(1e-3f);
        return loss;
    }

    /// <summary>The same step with a Stopwatch reading between phases (profiling only).</summary>
    public double RunTimed()
    {
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_epochDone)
        {
            _source.BeginEpoch(_shuffle);
            _recorder.BeginEpoch();
        }
        int count = _source.Next(_features, _targets, default, _batch, out _epochDone);
        long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        var logits = _network.Forward(_workspace, _features, count, training: true, null, Threads);
        long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        double loss = _loss.Evaluate(logits, _targets.AsSpan(0, count), default, _workspace.Delta[^1], count, 1);
        long t3 = System.Diagnostics.Stopwatch.GetTimestamp();
        _network.Backward(_workspace, _features, count, Threads);
        long t4 = System.Diagnostics.Stopwatch.GetTimestamp();
        _recorder.RecordBatch(_workspace, count);
        long t5 = System.Diagnostics.Stopwatch.GetTimestamp();
        _optimizer.Step(1e-3f);
        long t6 = System.Diagnostics.Stopwatch.GetTimestamp();
        PhaseTicks[0] += t1 - t0; PhaseTicks[1] += t2 - t1; PhaseTicks[2] += t3 - t2;
        PhaseTicks[3] += t4 - t3; PhaseTicks[4] += t5 - t4; PhaseTicks[5] += t6 - t5;
        return loss;
    }
}
