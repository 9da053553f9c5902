using Microsoft.ML;
using MLNet.Backprop.Experiments;
using Xunit.Abstractions;

namespace MLNet.Backprop.Reports.Tests;

public class FailedSweepProbeTests(ITestOutputHelper output)
{
    [Fact]
    public void Probe_EveryRunDivergedInItsFirstEpoch()
    {
        var ml = new MLContext(0);
        var result = new ExperimentSweep(new BackpropTrainer.Options { HiddenLayers = [16, 16], NumberOfEpochs = 3, Optimizer = OptimizerKind.Sgd, Activation = Activation.ReLU })
            .WithLearningRates(1e12f, 1e15f)
            .Run(ml, TrainedRun.Load(ml, 300, 1), TrainedRun.Load(ml, 100, 2));
        foreach (var r in result.Runs) output.WriteLine($"{r.Label}: ok={r.Succeeded} epochs={r.Epochs} {r.Error?.Split('\n')[0]}");
        output.WriteLine(result.ToTable());
        string dir = Path.Combine(Path.GetTempPath(), $"failed-sweep-{Guid.NewGuid():N}");
        try
        {
            Try("SaveAll", () => SweepPlots.SaveAll(result, dir));
            Try("WriteSweep", () => HtmlReport.WriteSweep(Path.Combine(dir, "sweep.html"), result));
            Try("Best", () => result.Best());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    private void Try(string what, Action action)
    {
        try { action(); output.WriteLine($"{what}: ok"); }
        catch (Exception e) { output.WriteLine($"{what}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}"); }
    }
}
