namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// One matrix product of a training step, C[M×N] = op(A)·op(B) with op(A) M×K and op(B) K×N, in the conventions of
/// the library's GEMM (and of tests/MLNet.Backprop.Benchmarks' GemmShape, whose names these match): A is stored K×M
/// when <paramref name="TransposeA"/>, B is stored N×K when <paramref name="TransposeB"/>.
/// </summary>
internal sealed record GemmProduct(string Name, int M, int N, int K, bool TransposeA, bool TransposeB)
{
    /// <summary>Floating-point operations of one product (a multiply-add counts as two).</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>The three products of a dense layer in a training step with a batch of <paramref name="batch"/> rows:
    /// forward Z = X·W, weight gradient dW = Xᵀ·dZ, input gradient dX = dZ·Wᵀ.</summary>
    public static IEnumerable<GemmProduct> OfLayer(int batch, int inputs, int outputs) =>
    [
        new($"fwd b{batch} {inputs}→{outputs}", batch, outputs, inputs, false, false),
        new($"dW  b{batch} {inputs}→{outputs}", inputs, outputs, batch, true, false),
        new($"dX  b{batch} {inputs}→{outputs}", batch, inputs, outputs, false, true),
    ];

    /// <summary>
    /// Every product of one training step of <paramref name="shape"/>, in the order the step runs them: the forward
    /// product of each layer, then backward from the output layer the weight gradient and (except for the first layer,
    /// whose input gradient nobody needs) the input gradient.
    /// </summary>
    public static IReadOnlyList<GemmProduct> OfStep(ComparisonShape shape)
    {
        int[] sizes = [shape.Inputs, .. shape.Hidden, 1];
        var layers = Enumerable.Range(0, sizes.Length - 1).Select(l => OfLayer(shape.Batch, sizes[l], sizes[l + 1]).ToArray()).ToArray();
        var step = layers.Select(l => l[0]).ToList();
        for (int l = layers.Length - 1; l >= 0; l--)
        {
            step.Add(layers[l][1]);
            if (l > 0) step.Add(layers[l][2]);
        }
        return step;
    }

    /// <summary>Floating-point operations of one step's products per training example (rows of the batch).</summary>
    public static double FlopsPerSample(ComparisonShape shape) => OfStep(shape).Sum(p => p.Flops) / shape.Batch;

    /// <summary>1024³, then the products of every layer with at least 64 k weights of the given shapes (the large ones).</summary>
    public static IReadOnlyList<GemmProduct> ForShapes(IEnumerable<ComparisonShape> shapes)
    {
        var products = new List<GemmProduct> { new("square 1024³", 1024, 1024, 1024, false, false) };
        foreach (var shape in shapes)
        {
            int previous = shape.Inputs;
            foreach (int width in shape.Hidden)
            {
                if ((long)previous * width >= 65_536) products.AddRange(OfLayer(shape.Batch, previous, width));
                previous = width;
            }
        }
        return products.DistinctBy(p => p.Name).ToList();
    }
}
