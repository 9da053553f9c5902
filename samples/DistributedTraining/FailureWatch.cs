using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Orleans.Runtime;

namespace DistributedTraining;

/// <summary>--kill-worker: how long after the kill the coordinator's membership view declares the worker dead, and
/// how long until its block of micro-batches is sent to the other workers (the trainer's "failed on micro-batches" log
/// line). These are the failure-detection figures of Cluster.cs's membership settings, measured on this machine.</summary>
internal sealed class FailureWatch : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly MLContext _ml;
    private long _killedAt;
    private string? _worker;

    public FailureWatch(IServiceProvider coordinator, MLContext ml)
    {
        _ml = ml;
        _ml.Log += OnLog;
        _ = Task.Run(() => WatchMembership(coordinator.GetRequiredService<IClusterMembershipService>()));
    }

    /// <summary>Kills <paramref name="process"/> (SIGKILL), the silo named <paramref name="worker"/>, and starts the clock.</summary>
    public void Kill(string worker, Process process)
    {
        _worker = worker;
        Console.WriteLine($"  >>> kill -9 {worker} (pid {process.Id})");
        Interlocked.Exchange(ref _killedAt, Stopwatch.GetTimestamp());
        process.Kill();
    }

    public void Dispose()
    {
        _ml.Log -= OnLog;
        _stop.Cancel();
    }

    private async Task WatchMembership(IClusterMembershipService membership)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stop.Token))
                if (Since() is double s && snapshot.Members.Values.Any(m => m.Name == _worker && m.Status == SiloStatus.Dead))
                {
                    Console.WriteLine($"  >>> {_worker} declared dead in the coordinator's membership view {s:F2} s after the kill");
                    return;
                }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnLog(object? sender, LoggingEventArgs e)
    {
        if (Since() is double s && _worker is not null && e.RawMessage.Contains($"worker {_worker} failed on micro-batches", StringComparison.Ordinal))
            Console.WriteLine($"  >>> {s:F2} s after the kill: {e.RawMessage}");
    }

    private double? Since() =>
        Interlocked.Read(ref _killedAt) is long t and > 0 ? Stopwatch.GetElapsedTime(t).TotalSeconds : null;
}
