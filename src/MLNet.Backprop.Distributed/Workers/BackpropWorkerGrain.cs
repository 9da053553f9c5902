using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MLNet.Backprop.Distributed.Messaging;
using Orleans.Runtime;

namespace MLNet.Backprop.Distributed.Workers;

/// <summary>
/// A silo's training worker. It keeps no training state: each step brings the weights and the job, so after a
/// restart, a re-activation or a reassignment any worker computes any block. Data errors (a missing or damaged shard)
/// come back as <see cref="WorkerReady.Error"/> / <see cref="StepResult.Error"/>: every worker would hit them, so the
/// coordinator stops with them instead of reassigning.
/// </summary>
[SiloNamePlacement]
internal sealed class BackpropWorkerGrain(ILocalSiloDetails silo, ILogger<BackpropWorkerGrain> log) : Grain, IBackpropWorkerGrain
{
    private DistributedJob? _job;

    public Task<WorkerReady> Prepare(JobSpec job, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        string? error = Open(job);
        return Task.FromResult(new WorkerReady(silo.Name, error, _job?.Fingerprint ?? "", watch.Elapsed.TotalMilliseconds));
    }

    public Task<StepResult> Compute(StepRequest request, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (Open(request.Job) is string error) return Task.FromResult(new StepResult(silo.Name, [], 0, error));
        cancellationToken.ThrowIfCancellationRequested();
        List<(int Lo, int Hi, Training.GradientSum Sum)> sums;
        try
        {
            sums = _job!.Compute(request);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // A shard changed or vanished under the run: every worker would fail the same way, so the run stops with it.
            _job?.Dispose();
            _job = null;
            return Task.FromResult(new StepResult(silo.Name, [], 0, $"Worker silo '{silo.Name}' cannot read the shards: {e.Message}"));
        }
        var nodes = sums.Select(n => new NodeSum(n.Lo, n.Hi, n.Sum.Loss, n.Sum.Weight, new FloatVector(n.Sum.Gradient),
            new FloatVector(n.Sum.Activity.EverActive), n.Sum.Activity.Saturated, n.Sum.Activity.Activations)).ToArray();
        return Task.FromResult(new StepResult(silo.Name, nodes, watch.Elapsed.TotalMilliseconds, null));
    }

    /// <summary>Opens the job's shards unless they are open; the error message when they cannot be.</summary>
    private string? Open(JobSpec job)
    {
        if (this.GetPrimaryKeyString() != silo.Name)
            return $"The worker for silo '{this.GetPrimaryKeyString()}' was activated on silo '{silo.Name}'; register AddBackpropTraining on every silo.";
        if (_job?.Spec.JobId == job.JobId) return null;
        _job?.Dispose();
        _job = null;
        try
        {
            _job = new DistributedJob(job);
            log.LogInformation("Worker {Silo} opened {Shards} shards ({Rows} rows) for job {Job}.", silo.Name, job.Shards.Length, job.Rows, job.JobId);
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the shards or the paths hold, the answer is an error naming them, never a failed call: a failed
            // call reads as a dead worker, and the run would wait for one that can.
            return $"Worker silo '{silo.Name}' cannot read the shards: {e.Message}";
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _job?.Dispose();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}
