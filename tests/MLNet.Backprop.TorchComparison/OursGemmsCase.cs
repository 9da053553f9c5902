using System.Diagnostics;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// The limit our training approaches: this library's GEMM running only the matrix products of the shape's steps (every
/// layer's forward, weight-gradient and input-gradient product, <see cref="GemmProduct.OfStep"/>), each into its own
/// preallocated result, as many steps as a training run has. Nothing else: no gather, activation, loss, statistics,
/// optimizer. Our cases' time is reported as a share of this one's: the useful FLOP rate of a training run divided by
/// the GEMM's rate on the same products in the same run.
/// </summary>
internal sealed class OursGemmsCase(ComparisonShape shape) : ITrainingCase
{
    private readonly OursGemm.Operands[] _products = GemmProduct.OfStep(shape).Select((p, i) => new OursGemm.Operands(p, seed: i)).ToArray();

    public string Name => "ours, the step's GEMMs alone";

    public CaseKind Kind => CaseKind.GemmLimit;

    public CaseResult Run(int threads)
    {
        int steps = shape.BatchesPerEpoch * shape.Epochs;
        long start = Stopwatch.GetTimestamp();
        for (int s = 0; s < steps; s++)
        {
            foreach (var product in _products) product.Multiply(threads);
        }
        return new CaseResult(Stopwatch.GetElapsedTime(start), null, null);
    }

    public void Dispose()
    {
    }
}
