using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MLNet.Backprop.Distributed;
using Orleans.Configuration;

namespace DistributedTraining;

/// <summary>The sample's localhost cluster: the coordinator is silo 0 and the development-clustering primary (that
/// membership dies with its primary, and the coordinator is a single point of failure anyway); workers are silos
/// 1..N in their own processes. In production, replace UseLocalhostClustering with a membership provider (README).</summary>
internal static class Cluster
{
    public static IHost Silo(string name, int index, bool orleansMembershipDefaults = false)
    {
        var builder = Host.CreateApplicationBuilder();
        // Orleans logs every refused connection to a killed silo as an error; the sample reports what matters itself.
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Critical);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(SampleOptions.PrimarySiloPort + index, SampleOptions.PrimaryGatewayPort + index,
                index == 0 ? null : new IPEndPoint(IPAddress.Loopback, SampleOptions.PrimarySiloPort));
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            // Failure detection: a kill -9'd worker was declared dead 0.65–0.87 s after the kill with these settings (7 runs)
            // and 10.2–11.8 s with Orleans 10.4.2's defaults (6 runs; --kill-worker [--orleans-membership-defaults], 2026-12-06,
            // load 6.5–20). Not 1 s × 2 probes: ProbeTimeout is only the first probe period and timeout; Orleans then fits
            // them to the measured round trips, which on localhost lands on the floor MinProbeTimeout = ProbeTimeout / 2, and a
            // dead process refuses the connection, so a probe fails at once. 2 probes × 0.5 s and 1 vote here; 3 × 2.5 s and
            // 2 votes by default. Fine on one machine; keep the defaults across a network.
            if (!orleansMembershipDefaults)
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.NumMissedProbesLimit = 2;
                    o.NumVotesForDeathDeclaration = 1;
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                    o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
                });
            silo.AddBackpropTraining();
        });
        return builder.Build();
    }

    /// <summary>Starts worker silo <paramref name="index"/> as a child process of this one.</summary>
    public static Process StartWorker(int index, bool orleansMembershipDefaults = false)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = false, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") info.ArgumentList.Add(typeof(Cluster).Assembly.Location);
        foreach (var a in new[] { "worker", "--name", $"worker-{index}", "--index", index.ToString(), "--parent", Environment.ProcessId.ToString() })
            info.ArgumentList.Add(a);
        if (orleansMembershipDefaults) info.ArgumentList.Add("--orleans-membership-defaults");
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start a worker process.");
    }
}

/// <summary>A worker process: one silo until its parent (the coordinator) exits or it is killed.</summary>
internal static class WorkerSilo
{
    public static async Task<int> RunAsync(SampleOptions options)
    {
        string name = options.Text("name", "worker-1");
        using var host = Cluster.Silo(name, options.Number("index", 1), options.Flag("orleans-membership-defaults"));
        await host.StartAsync();
        Console.WriteLine($"  {name} up (pid {Environment.ProcessId})");
        if (options.Number("parent", 0) is int parent and > 0)
        {
            try
            {
                await Process.GetProcessById(parent).WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // the parent is already gone
            }
            await host.StopAsync(TimeSpan.FromSeconds(2));
            return 0;
        }
        await host.WaitForShutdownAsync();
        return 0;
    }
}
