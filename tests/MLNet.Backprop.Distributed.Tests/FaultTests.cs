using System.Diagnostics;
using Microsoft.ML;
using Xunit.Abstractions;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>Kills a silo, so it has a cluster of its own.</summary>
public sealed class FaultTests(FaultClusterFixture cluster, ITestOutputHelper output) : IClassFixture<FaultClusterFixture>
{
    [Fact]
    public async Task Fit_WorkerSiloKilledMidEpoch_ItsBlocksReassignedAndTheResultBitIdentical()
    {
        var reference = DistributedTrainingTests.SingleProcess(cluster, epochs: 4);
        var reports = new List<ClusterEpochReport>();
        var options = cluster.ClusterOptions(ClusterFixture.SiloNames);
        options.Progress = reports.Add;
        var victim = cluster.Cluster.SecondarySilos[^1];
        StallFilter.Rearm();
        var model = ClusterFixture.Options(epochs: 4);
        // After epoch 1 the victim holds its next call; the silo is killed while that call is in flight (mid-epoch 2).
        model.Progress = e => { if (e.Epoch == 1) StallFilter.Silo = $"{cluster.Cluster.Options.ClusterId}/{victim.Name}"; };
        // The failure-detection time of TestSiloConfigurator's settings: from the kill to the trainer's "failed" log line.
        long killStarted = 0, killed = 0, reassigned = 0;
        void OnLog(object? sender, LoggingEventArgs e)
        {
            if (e.RawMessage.Contains("failed on micro-batches", StringComparison.Ordinal)) Interlocked.CompareExchange(ref reassigned, Stopwatch.GetTimestamp(), 0);
        }
        var kill = Task.Run(async () =>
        {
            await StallFilter.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(60));
            killStarted = Stopwatch.GetTimestamp();
            await cluster.Cluster.KillSiloAsync(victim);
            killed = Stopwatch.GetTimestamp();
        });
        BackpropTransformer trained;
        cluster.Ml.Log += OnLog;
        try
        {
            trained = await Task.Run(() => new DistributedBackpropTrainer(cluster.Ml, model, options).Fit(cluster.Data));
            await kill;
        }
        finally
        {
            cluster.Ml.Log -= OnLog;
            StallFilter.Silo = null;
        }
        if (reassigned > 0)
            output.WriteLine($"the held block was reassigned {Stopwatch.GetElapsedTime(killStarted, reassigned).TotalSeconds:F2} s after KillSiloAsync began " +
                             $"(which took {Stopwatch.GetElapsedTime(killStarted, killed).TotalSeconds:F2} s)");

        DistributedTrainingTests.Bits(trained).ShouldBe(DistributedTrainingTests.Bits(reference));
        foreach (var r in reports) output.WriteLine($"epoch {r.Epoch.Epoch}: workers {string.Join(", ", r.Workers)}, {r.Reassignments} reassigned");
        reports.Sum(r => r.Reassignments).ShouldBeGreaterThan(0, "the kill should have failed a call in flight");
        reports[^1].Workers.ShouldNotContain("Secondary_2");
        var failures = reports.SelectMany(r => r.Failures).ToList();
        failures.Count.ShouldBe(reports.Sum(r => r.Reassignments));
        failures.ShouldAllBe(f => f.Worker == "Secondary_2" && f.EndMicroBatch > f.FirstMicroBatch && f.Reason.Length > 0);
    }

    [Fact]
    public void Fit_OnlyWorkerNeverAnswersWithinCallTimeout_ErrorAfterNoWorkerTimeoutSaysWhy()
    {
        // Before: "No training worker is active and ready after 5 s (workers: Secondary_1). Start worker silos with
        // AddBackpropTraining, or check that they can read the shards." for a silo that was running but held every call.
        var options = cluster.ClusterOptions(["Secondary_1"]);
        options.CallTimeout = TimeSpan.FromMilliseconds(200);
        var model = ClusterFixture.Options(epochs: 1);
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a hang fails the test instead
        model.CancellationToken = safety.Token;
        StallFilter.Silo = $"{cluster.Cluster.Options.ClusterId}/Secondary_1";
        try
        {
            var error = Should.Throw<InvalidOperationException>(() => new DistributedBackpropTrainer(cluster.Ml, model, options).Fit(cluster.Data));
            output.WriteLine(error.Message);
            error.Message.ShouldContain("No training worker is active and ready");
            error.Message.ShouldContain("Secondary_1 did not answer its preparation within ClusterTrainingOptions.CallTimeout = 0.2 s");
            error.Message.ShouldContain("raise it if the worker is only slow");
        }
        finally
        {
            StallFilter.Silo = null;
        }
    }
}
