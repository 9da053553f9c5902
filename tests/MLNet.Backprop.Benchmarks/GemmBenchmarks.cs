using BenchmarkDotNet.Attributes;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// <see cref="Gemm.Multiply"/> on the shapes the trainer issues, with one and two threads. The GFLOP/s column is
/// computed from the mean time (<see cref="GflopsColumn"/>); <see cref="MemoryDiagnoserAttribute"/> must report 0 B.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GemmBenchmarkConfig))]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>The product shape.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.All[0];

    /// <summary>Degree of parallelism passed to <see cref="Gemm.Multiply"/>.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>All benchmarked shapes.</summary>
    public static IEnumerable<GemmShape> Shapes => GemmShape.All;

    /// <summary>Random operands, and one warm call so packing buffers and helper threads exist.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _a = Enumerable.Range(0, Shape.M * Shape.K).Select(_ => random.NextSingle() - 0.5f).ToArray();
        _b = Enumerable.Range(0, Shape.K * Shape.N).Select(_ => random.NextSingle() - 0.5f).ToArray();
        _c = new float[Shape.M * Shape.N];
        Multiply();
    }

    /// <summary>One product, overwriting C.</summary>
    [Benchmark]
    public void Multiply() =>
        Gemm.Multiply(_a, Shape.TransposeA, _b, Shape.TransposeB, _c, Shape.M, Shape.N, Shape.K, false, Threads);
}
