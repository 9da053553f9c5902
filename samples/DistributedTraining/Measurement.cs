using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.ML;
using MLNet.Backprop;
using MLNet.Backprop.Distributed;

namespace DistributedTraining;

/// <summary>
/// --measure: for networks of about 3.7 k, 130 k and 1 M parameters, the bytes moved per step and the time per step
/// with 1 and 3 worker processes and in one process (micro-batch mode, 1 thread), on this machine, side by side.
/// </summary>
internal static class Measurement
{
    public static async Task<int> RunAsync(SampleOptions options)
    {
        var ml = new MLContext(seed: 0);
        string output = Path.GetFullPath(options.Text("output", "distributed-output"));
        int batch = options.Number("batch", 1024), micro = options.Number("micro", 128);
        using var coordinator = Cluster.Silo("coordinator", 0);
        await coordinator.StartAsync();
        var workers = Enumerable.Range(1, 3).Select(i => Cluster.StartWorker(i)).ToList();
        try
        {
            await CoordinatorRun.WaitForWorkers(coordinator.Services, 3, TimeSpan.FromSeconds(90));
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
            MicroBatchCost(ml);
            Console.WriteLine($"| parameters | shape | batch | bytes per step, 1 worker | bytes per step, 3 workers | ms per step, 1 process | ms per step, 1 worker | ms per step, 3 workers |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (inputs, hidden) in Shapes)
            {
                var data = GeneratedData.Load(ml, batch * 4, inputs, seed: 3);
                var model = new BackpropTrainer.Options
                {
                    Task = BackpropTask.BinaryClassification, HiddenLayers = hidden, BatchSize = batch, MicroBatchSize = micro, NumberOfEpochs = 3,
                    Seed = 1, NumberOfThreads = 1, RecordDiagnostics = false,
                };
                var shards = ShardSet.Write(ml, data, Path.Combine(output, $"measure-{inputs}"), 3, model);
                var single = new BackpropTrainer(ml, model).Fit(data);
                // The last two epochs (the first warms up the JIT and the workers' shard mapping).
                double singleMs = single.Model.History.Epochs.Skip(1).Sum(e => e.Elapsed.TotalMilliseconds) / (2 * 4);
                var one = Distributed(ml, model, shards, coordinator, ["worker-1"], data);
                var three = Distributed(ml, model, shards, coordinator, ["worker-1", "worker-2", "worker-3"], data);
                Console.WriteLine($"| {single.Model.Network.ParameterCount:N0} | {inputs}→{string.Join("→", hidden)}→1 | {batch} | {one.Bytes:N0} | {three.Bytes:N0} | " +
                    $"{singleMs:F1} | {one.Milliseconds:F1} | {three.Milliseconds:F1} |");
            }
            return 0;
        }
        finally
        {
            foreach (var worker in workers) worker.Kill();
            await coordinator.StopAsync(TimeSpan.FromSeconds(2));
        }
    }

    private static readonly (int Inputs, int[] Hidden)[] Shapes = [(24, [64, 32]), (256, [256, 256]), (512, [1024, 512])];

    /// <summary>The single-process cost of the micro-batch mode: the default loop against micro-batches of 32 and 128,
    /// one thread, alternating runs, the best of 3 each.</summary>
    private static void MicroBatchCost(MLContext ml)
    {
        Console.WriteLine("| shape | batch | default loop, ms per step | micro-batches of 128 | micro-batches of 32 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (inputs, hidden) in Shapes)
        {
            int batch = 256;
            var data = GeneratedData.Load(ml, batch * 16, inputs, seed: 4);
            double Time(int? micro)
            {
                // The same model in the three columns: one network on every row, the plain input stage, the features as
                // given, which is what the micro-batch mode trains; the default loop's automatic ensemble, hold-out,
                // encoding and standardisation would otherwise change the work per step, not the mode.
                var model = new BackpropTrainer.Options
                {
                    Task = BackpropTask.BinaryClassification, HiddenLayers = hidden, BatchSize = batch, MicroBatchSize = micro, NumberOfEpochs = 3,
                    Seed = 1, NumberOfThreads = 1, EnsembleSize = 1, ValidationFraction = 0f, NumericEncoding = NumericEncoding.None,
                    StandardizeFeatures = false,
                };
                var history = new BackpropTrainer(ml, model).Fit(data).Model.History;
                return history.Epochs.Skip(1).Min(e => e.Elapsed.TotalMilliseconds) / 16;
            }
            double[] best = [double.MaxValue, double.MaxValue, double.MaxValue];
            for (int round = 0; round < 3; round++)
            {
                best[0] = Math.Min(best[0], Time(null));
                best[1] = Math.Min(best[1], Time(128));
                best[2] = Math.Min(best[2], Time(32));
            }
            Console.WriteLine($"| {inputs}→{string.Join("→", hidden)}→1 | {batch} | {best[0]:F2} | {best[1]:F2} ({best[1] / best[0]:F2}×) | {best[2]:F2} ({best[2] / best[0]:F2}×) |");
        }
    }

    private static (double Bytes, double Milliseconds) Distributed(MLContext ml, BackpropTrainer.Options model, ShardSet shards, IHost coordinator,
        string[] workers, IDataView data)
    {
        var reports = new List<ClusterEpochReport>();
        var cluster = new ClusterTrainingOptions
        {
            Services = coordinator.Services, Shards = shards, WorkerSiloNames = workers, CallTimeout = TimeSpan.FromSeconds(60),
            Progress = reports.Add,
        };
        new DistributedBackpropTrainer(ml, model, cluster).Fit(data);
        var timed = reports.Skip(1).ToList();
        int steps = timed.Sum(r => r.Steps);
        double bytes = timed.Sum(r => (double)(r.BytesToWorkers + r.BytesFromWorkers)) / steps;
        double ms = timed.Sum(r => r.Steps * model.BatchSize / r.RowsPerSecond * 1000) / steps;
        return (bytes, ms);
    }
}
