using System.Diagnostics;
using MLNet.Backprop.Benchmarks;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// This library's bare training step (<c>TrainingStep</c>, shared with tests/MLNet.Backprop.Benchmarks): exactly the
/// default loop's work per mini-batch (gather from rows reshuffled every epoch, forward, binary cross-entropy, backward,
/// gradient norms and unit statistics, the last batch's histograms and update ratios, Adam with the same settings as
/// the other cases), on the same rows, without <c>Fit</c>'s reading, checks, epoch reports and diagnosis. Timed: building
/// the network, workspace and optimizer, and the steps.
/// </summary>
internal sealed class OursStepCase(SyntheticData data, ComparisonShape shape) : ITrainingCase
{
    private readonly TrainingData _rows = new(data.Features, data.Rows, data.Columns, data.Labels);

    public string Name => "ours (bare step)";

    public CaseKind Kind => CaseKind.Ours;

    /// <summary>The same run with the library's phase clock on (untimed for the tables).</summary>
    public PhaseBudget Profile(int threads)
    {
        var clock = PhaseClock.Start();
        try
        {
            Run(threads);
        }
        finally
        {
            clock.Stop();
        }
        return PhaseBudget.From(clock);
    }

    public CaseResult Run(int threads)
    {
        int batches = shape.BatchesPerEpoch;
        double lossSum = 0;
        long start = Stopwatch.GetTimestamp();
        var step = new TrainingStep(shape.Inputs, shape.Hidden, shape.Batch, threads, _rows);
        for (int epoch = 0; epoch < shape.Epochs; epoch++)
        {
            lossSum = 0;
            for (int b = 0; b < batches; b++) lossSum += step.Run();
        }
        return new CaseResult(Stopwatch.GetElapsedTime(start), null, lossSum / batches);
    }

    public void Dispose()
    {
    }
}
