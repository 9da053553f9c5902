using BenchmarkDotNet.Attributes;
using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// Issue 5: what <see cref="TrainingOptions.RecordDiagnostics"/> (per-layer unit statistics, histograms, update ratios)
/// costs. Whole <see cref="MlpTrainer.Train(NeuralNetwork, TrainingData, TrainingOptions, TrainingData?, IProgress{EpochReport}?, CancellationToken)"/>
/// runs, with and without; the overhead must stay within 5 %.
/// </summary>
[MemoryDiagnoser]
public class DiagnosticsOverheadBenchmarks
{
    private TrainingData _data = null!;

    /// <summary>The churn-sized network (45 inputs, [64, 32], batch 64, 5 632 rows) or a wide one
    /// (256 inputs, [512, 512], batch 256, 8 192 rows).</summary>
    [Params("churn", "wide")]
    public string Network { get; set; } = "churn";

    /// <summary>Whether the per-layer unit statistics are recorded.</summary>
    [Params(true, false)]
    public bool RecordDiagnostics { get; set; }

    private (int Inputs, int[] Hidden, int Batch, int Rows, int Epochs) Shape =>
        Network == "churn" ? (45, [64, 32], 64, 5632, 5) : (256, [512, 512], 256, 8192, 2);

    /// <summary>Synthetic, learnable data of the shape.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (inputs, _, _, rows, _) = Shape;
        var random = new Random(3);
        var x = new float[rows * inputs];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle() * 2f - 1f;
        var y = new float[rows];
        for (int i = 0; i < rows; i++) y[i] = x[i * inputs] - 0.5f * x[i * inputs + 1] > 0 ? 1f : 0f;
        _data = new TrainingData(x, rows, inputs, y);
    }

    /// <summary>A few epochs of training from a fresh network.</summary>
    [Benchmark]
    public double Train()
    {
        var (inputs, hidden, batch, _, epochs) = Shape;
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = inputs, HiddenLayers = hidden, Seed = 1 });
        var history = MlpTrainer.Train(network, _data, new TrainingOptions
        {
            NumberOfEpochs = epochs, BatchSize = batch, LearningRate = 1e-3f, RecordDiagnostics = RecordDiagnostics, NumberOfThreads = 1,
        });
        return history.Epochs[^1].TrainingLoss;
    }
}
