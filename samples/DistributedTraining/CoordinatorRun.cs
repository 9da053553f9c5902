using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.ML;
using MLNet.Backprop;
using MLNet.Backprop.Distributed;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Training;
using Orleans.Runtime;

namespace DistributedTraining;

/// <summary>The default command: a coordinator silo (this process) and 3 worker silo processes on localhost train one
/// model; the same options then train in this process alone (the micro-batch mode); both models are compared.</summary>
internal static class CoordinatorRun
{
    public static async Task<int> RunAsync(SampleOptions options)
    {
        int rows = options.Number("rows", 60_000), features = options.Number("features", 24), epochs = options.Number("epochs", 6);
        bool killWorker = options.Flag("kill-worker");
        string output = Path.GetFullPath(options.Text("output", "distributed-output"));
        var ml = new MLContext(seed: 0);
        var train = GeneratedData.Load(ml, rows, features, seed: 1);
        var test = GeneratedData.Load(ml, rows / 5, features, seed: 2);
        var model = ModelOptions(epochs);

        Console.WriteLine($"== Sharding {rows:N0} generated rows ({features} features) into 3 shards ==");
        var shards = ShardSet.Write(ml, train, Path.Combine(output, "shards"), 3, model);
        Console.WriteLine($"  {shards.ManifestPath}");

        Console.WriteLine("== Starting the coordinator silo and 3 worker silo processes on localhost ==");
        bool orleansDefaults = options.Flag("orleans-membership-defaults");
        using var coordinator = Cluster.Silo("coordinator", 0, orleansDefaults);
        await coordinator.StartAsync();
        var workers = Enumerable.Range(1, 3).Select(i => Cluster.StartWorker(i, orleansDefaults)).ToList();
        using var failures = killWorker ? new FailureWatch(coordinator.Services, ml) : null;
        try
        {
            await WaitForWorkers(coordinator.Services, 3, TimeSpan.FromSeconds(90));
            var reports = new List<ClusterEpochReport>();
            var cluster = new ClusterTrainingOptions
            {
                Services = coordinator.Services, Shards = shards, CallTimeout = TimeSpan.FromSeconds(20),
                Progress = r =>
                {
                    reports.Add(r);
                    Console.WriteLine($"  epoch {r.Epoch.Epoch}/{epochs}  loss {r.Epoch.TrainingLoss:F4}  workers {string.Join(",", r.Workers)}  " +
                        $"{r.RowsPerSecond:N0} rows/s  {(r.BytesToWorkers + r.BytesFromWorkers) / 1e6:F1} MB moved  {r.Reassignments} blocks reassigned");
                    if (killWorker && r.Epoch.Epoch == 2)
                        _ = Task.Run(async () =>
                        {
                            await Task.Delay(300); // lands during epoch 3 (one block reassigned in a run of 2026-12-06, load 1-6)
                            failures!.Kill("worker-3", workers[2]);
                        });
                },
            };

            Console.WriteLine($"== Distributed training (3 workers, batch {model.BatchSize}, micro-batches of {model.MicroBatchSize}) ==");
            var watch = Stopwatch.StartNew();
            var distributed = new DistributedBackpropTrainer(ml, model, cluster).Fit(train);
            var distributedTime = watch.Elapsed;
            // BinaryTestMetrics: ML.NET's figures, but a model that learned nothing (constant scores) shows the positive share as
            // its PR-AUC, not up to 1.
            var distributedMetrics = BinaryTestMetrics.Evaluate(ml, distributed.Transform(test));

            Console.WriteLine("== The same options in this process alone (micro-batch mode, 2 threads) ==");
            watch.Restart();
            var single = new BackpropTrainer(ml, ModelOptions(epochs)).Fit(train);
            var singleTime = watch.Elapsed;
            var singleMetrics = BinaryTestMetrics.Evaluate(ml, single.Transform(test));

            string a = Hash(distributed), b = Hash(single);
            Console.WriteLine();
            Console.WriteLine($"| run | test AUC | test PR-AUC | weights (SHA-256) | fit time |");
            Console.WriteLine($"|---|---:|---:|---|---:|");
            Console.WriteLine($"| distributed, 3 worker processes{(killWorker ? ", worker-3 killed" : "")} | {distributedMetrics.AreaUnderRocCurve:F6} | " +
                              $"{distributedMetrics.AreaUnderPrecisionRecallCurve:F6} | {a} | {distributedTime.TotalSeconds:F1} s |");
            Console.WriteLine($"| single process | {singleMetrics.AreaUnderRocCurve:F6} | {singleMetrics.AreaUnderPrecisionRecallCurve:F6} | {b} | {singleTime.TotalSeconds:F1} s |");
            Console.WriteLine(a == b ? "Identical: the same weights, bit for bit." : "DIFFERENT weights.");
            ml.Model.SaveBackprop(distributed, train.Schema, Path.Combine(output, "model.zip"));
            return a == b ? 0 : 1;
        }
        finally
        {
            foreach (var worker in workers)
                if (!worker.HasExited) worker.Kill();
            await coordinator.StopAsync(TimeSpan.FromSeconds(2));
        }
    }

    public static BackpropTrainer.Options ModelOptions(int epochs) => new()
    {
        Task = BackpropTask.BinaryClassification, HiddenLayers = [64, 32], Activation = Activation.ReLU, Optimizer = OptimizerKind.Adam,
        LearningRate = 1e-3f, BatchSize = 256, MicroBatchSize = 32, NumberOfEpochs = epochs, Dropout = 0.1f, Seed = 7, NumberOfThreads = 2,
    };

    public static async Task WaitForWorkers(IServiceProvider services, int count, TimeSpan timeout)
    {
        var membership = services.GetRequiredService<IClusterMembershipService>();
        var watch = Stopwatch.StartNew();
        while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active && m.Name.StartsWith("worker-")) < count)
        {
            if (watch.Elapsed > timeout) throw new TimeoutException($"Fewer than {count} workers joined within {timeout.TotalSeconds:F0} s.");
            await Task.Delay(200);
        }
        Console.WriteLine($"  {count} workers active after {watch.Elapsed.TotalSeconds:F1} s");
    }

    public static string Hash(BackpropTransformer model)
    {
        var values = model.Model.Network.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Bias.ToArray())).ToArray();
        return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan())))[..16];
    }
}
