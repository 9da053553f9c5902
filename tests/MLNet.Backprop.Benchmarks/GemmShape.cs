namespace MLNet.Backprop.Benchmarks;

/// <summary>One GEMM call shape as the network issues it (see <c>Gemm.Multiply</c> for the conventions).</summary>
public sealed record GemmShape(string Name, int M, int N, int K, bool TransposeA, bool TransposeB)
{
    /// <summary>Floating-point operations of one call (a fused multiply-add counts as two).</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>Forward Z[b×out] = X[b×in]·W[in×out].</summary>
    public static GemmShape Forward(int batch, int inputs, int outputs) =>
        new($"fwd b{batch} {inputs}→{outputs}", batch, outputs, inputs, false, false);

    /// <summary>Weight gradient dW[in×out] = Xᵀ·dZ.</summary>
    public static GemmShape WeightGradient(int batch, int inputs, int outputs) =>
        new($"dW  b{batch} {inputs}→{outputs}", inputs, outputs, batch, true, false);

    /// <summary>Input gradient dX[b×in] = dZ·Wᵀ.</summary>
    public static GemmShape InputGradient(int batch, int inputs, int outputs) =>
        new($"dX  b{batch} {inputs}→{outputs}", batch, inputs, outputs, false, true);

    /// <summary>The shapes the benchmarks cover: 1024³ and the hidden layers of the three reference networks.</summary>
    public static IReadOnlyList<GemmShape> All { get; } = BuildAll();

    /// <inheritdoc />
    public override string ToString() => Name;

    private static List<GemmShape> BuildAll()
    {
        var shapes = new List<GemmShape> { new("square 1024³", 1024, 1024, 1024, false, false) };
        (int Batch, int In, int Out)[] layers =
        [
            (64, 45, 64), (64, 64, 32), (64, 32, 1), (256, 45, 64), (256, 64, 32), (256, 32, 1),
            (256, 256, 512), (256, 512, 512), (256, 512, 1),
            (32, 784, 1024), (256, 784, 1024), (256, 1024, 1024),
        ];
        foreach (var (batch, inputs, outputs) in layers)
        {
            shapes.Add(Forward(batch, inputs, outputs));
            shapes.Add(WeightGradient(batch, inputs, outputs));
            shapes.Add(InputGradient(batch, inputs, outputs));
        }

        // Single-row prediction (ML.NET prediction engines score one example at a time).
        shapes.Add(Forward(1, 784, 1024));
        shapes.Add(Forward(4, 784, 1024));

        return shapes;
    }
}
