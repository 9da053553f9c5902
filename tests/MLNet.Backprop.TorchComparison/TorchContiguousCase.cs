using System.Diagnostics;
using static TorchSharp.torch;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// TorchSharp's plainest loop: the pre-made contiguous batches in the same order every epoch, per batch zero_grad,
/// forward, BCEWithLogits, backward, Adam step, in a dispose scope; no loss read back. Timed: building the network
/// and optimizer (weight initialisation) and the loop. Not done: shuffling, gathering, statistics, any diagnosis.
/// </summary>
internal sealed class TorchContiguousCase(TorchData data, ComparisonShape shape) : ITrainingCase
{
    public string Name => "TorchSharp, contiguous batches";

    public CaseKind Kind => CaseKind.TorchSharp;

    public CaseResult Run(int threads)
    {
        TorchRuntime.SetThreads(threads);
        long start = Stopwatch.GetTimestamp();
        using var mlp = new TorchMlp(shape, seed: 0);
        for (int epoch = 0; epoch < shape.Epochs; epoch++)
        {
            for (int b = 0; b < data.BatchX.Length; b++)
            {
                using var scope = NewDisposeScope();
                mlp.Step(data.BatchX[b], data.BatchY[b]);
            }
        }
        return new CaseResult(Stopwatch.GetElapsedTime(start), null, null);
    }

    public void Dispose()
    {
    }
}
