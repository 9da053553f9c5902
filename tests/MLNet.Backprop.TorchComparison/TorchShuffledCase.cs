using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// TorchSharp doing what our <c>Fit</c> does per epoch: a new random permutation of the rows (<c>randperm</c>), each
/// batch gathered from the whole data with <c>index_select</c>, then the same step as the plain loop, and the batch
/// loss read back (<c>item</c>) to report the epoch's mean loss. Timed: building the network and optimizer and the
/// loop. Not done: ours' per-layer statistics, gradient norm and diagnosis.
/// </summary>
internal sealed class TorchShuffledCase(TorchData data, ComparisonShape shape) : ITrainingCase
{
    public string Name => "TorchSharp, shuffled + gathered";

    public CaseKind Kind => CaseKind.TorchSharp;

    public CaseResult Run(int threads)
    {
        TorchRuntime.SetThreads(threads);
        long start = Stopwatch.GetTimestamp();
        using var mlp = new TorchMlp(shape, seed: 0);
        int batches = shape.BatchesPerEpoch;
        double lossSum = 0;
        for (int epoch = 0; epoch < shape.Epochs; epoch++)
        {
            lossSum = 0;
            using var order = torch.randperm(shape.Rows);
            for (int b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                Tensor x, y;
                using (torch.no_grad())
                {
                    var rows = order.narrow(0, (long)b * shape.Batch, shape.Batch);
                    x = data.X.index_select(0, rows);
                    y = data.Y.index_select(0, rows);
                }
                lossSum += mlp.Step(x, y).item<float>();
            }
        }
        return new CaseResult(Stopwatch.GetElapsedTime(start), null, lossSum / batches);
    }

    public void Dispose()
    {
    }
}
