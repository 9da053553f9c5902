using BenchmarkDotNet.Attributes;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// Training throughput: one full step (gather, forward, binary cross-entropy, backward, statistics, Adam; ReLU) of the
/// issue's shapes with one and two threads. Samples/s = batch / mean; the allocation column must read 0 B (buffers are
/// sized once and reused).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SamplesPerSecondConfig))]
public class TrainingStepBenchmarks
{
    private TrainingStep _step = null!;

    /// <summary>Input size, hidden layers and batch.</summary>
    [ParamsSource(nameof(Shapes))]
    public TrainingShape Shape { get; set; } = TrainingShape.All[0];

    /// <summary>Threads of the matrix products and the optimizer.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>The shapes of issue 6.</summary>
    public static IEnumerable<TrainingShape> Shapes => TrainingShape.All;

    /// <summary>Builds the network and data; a few steps so that every buffer exists.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _step = new TrainingStep(Shape, Threads);
        for (int i = 0; i < 10; i++) _step.Run();
    }

    /// <summary>One training step.</summary>
    [Benchmark]
    public double Step() => _step.Run();
}
