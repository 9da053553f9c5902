namespace MLNet.Backprop.Benchmarks;

/// <summary>A network and batch size of the training-throughput benchmarks (the shapes of issue 6).</summary>
/// <param name="Inputs">Input features.</param>
/// <param name="Hidden">Hidden layer widths.</param>
/// <param name="Batch">Mini-batch rows.</param>
/// <param name="TorchSharpSamplesPerSecond">TorchSharp's samples/s with 2 threads on this machine kind (the issue's
/// reference figures).</param>
public sealed record TrainingShape(int Inputs, int[] Hidden, int Batch, double TorchSharpSamplesPerSecond)
{
    /// <summary>The five shapes of the issue.</summary>
    public static IReadOnlyList<TrainingShape> All { get; } =
    [
        new(45, [64, 32], 64, 190_000),
        new(45, [64, 32], 256, 680_000),
        new(256, [512, 512], 256, 56_000),
        new(784, [1024, 1024], 256, 15_000),
        new(784, [1024, 1024], 32, 5_600),
    ];

    /// <inheritdoc />
    public override string ToString() => $"({Inputs},[{string.Join(",", Hidden)}],{Batch})";
}
