using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Distributed.Workers;
using Orleans.Runtime;

namespace MLNet.Backprop.Distributed.Coordination;

/// <summary>
/// Which workers may compute: the active silos (from the silo's membership view, or the management grain from a
/// client) that are listed (or, without a list, are not the coordinator's silo), have opened the job's shards and give
/// the coordinator's numerics fingerprint. Every query carries a deadline.
/// </summary>
internal sealed class WorkerDirectory(IGrainFactory grains, IClusterMembershipService? membership, string? localSilo,
    IReadOnlyList<string>? names, TimeSpan callTimeout, Action<string> log)
{
    private readonly HashSet<string> _ready = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rejected = new(StringComparer.Ordinal);
    // Why an active silo is not ready, for the error when none is: "No training worker is active and ready" alone sent
    // the operator to start silos that were running but too slow for CallTimeout, or of another numerics fingerprint.
    private readonly Dictionary<string, string> _notReady = new(StringComparer.Ordinal);
    private List<string> _lastActive = [];

    /// <summary>The active silos that may host a worker, sorted by name.</summary>
    public async Task<List<string>> ActiveAsync(CancellationToken cancellationToken)
    {
        IEnumerable<string> active;
        if (membership is not null)
            active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.Name);
        else
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(callTimeout);
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true, deadline.Token);
            active = hosts.Select(h => h.SiloName);
        }
        return active.Where(n => names is null ? n != localSilo : names.Contains(n)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The active workers ready for <paramref name="job"/>, preparing the ones seen for the first time (or again
    /// after a failure).</summary>
    /// <exception cref="InvalidDataException">A worker cannot read the shards (the message names the worker and the shard).</exception>
    public async Task<List<string>> ReadyAsync(JobSpec job, string fingerprint, CancellationToken cancellationToken)
    {
        var active = await ActiveAsync(cancellationToken);
        _lastActive = active;
        var fresh = active.Where(n => !_ready.Contains(n) && !_rejected.ContainsKey(n)).ToList();
        var answers = await Task.WhenAll(fresh.Select(async name =>
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(callTimeout);
            try
            {
                return (name, await grains.GetGrain<IBackpropWorkerGrain>(name).Prepare(job, deadline.Token), (Exception?)null);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return (name, (WorkerReady?)null, e);
            }
        }));
        foreach (var (name, ready, failure) in answers)
        {
            if (ready is null)
            {
                log($"Worker {name} did not answer ({failure!.GetType().Name}); it is left out for now.");
                _notReady[name] = $"did not answer its preparation within ClusterTrainingOptions.CallTimeout = {callTimeout.TotalSeconds:G4} s " +
                    $"({failure.GetType().Name}; raise it if the worker is only slow)";
                continue;
            }
            if (ready.Error is not null) throw new InvalidDataException(ready.Error);
            if (ready.Fingerprint != fingerprint)
            {
                _rejected[name] = ready.Fingerprint;
                _notReady[name] = $"its numerics fingerprint {ready.Fingerprint} differs from the coordinator's {fingerprint}";
                log($"Worker {name} is left out: its numerics fingerprint {ready.Fingerprint} differs from the coordinator's {fingerprint} " +
                    "(another CPU vector width, .NET runtime or C library would change the bits).");
                continue;
            }
            _ready.Add(name);
            _notReady.Remove(name);
            log($"Worker {name} joined ({ready.PrepareMilliseconds:F0} ms to open and check the shards).");
        }
        return active.Where(_ready.Contains).ToList();
    }

    /// <summary>Forgets a worker after a failure (<paramref name="reason"/>): if it is back, it is prepared (and checked) again.</summary>
    public void Forget(string name, string reason)
    {
        _ready.Remove(name);
        _notReady[name] = reason;
    }

    /// <summary>The silos that could train as last seen, each with why it is not ready, or that none is active.</summary>
    public string WhyNoneReady() => _lastActive.Count == 0
        ? "none of them is an active silo"
        : string.Join("; ", _lastActive.Select(n => $"{n} {(_notReady.TryGetValue(n, out string? why) ? why : "is not ready")}"));
}
