using System.Diagnostics;
using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Distributed.Workers;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed.Coordination;

/// <summary>
/// A step on the cluster: the micro-batches [0, M) split into contiguous blocks, one per ready worker; each worker
/// returns the tree nodes of its block; a block whose call fails or misses its deadline is split among the other
/// workers; the coordinator completes the tree. Nodes are the same whoever computes them, so the root is too.
/// </summary>
internal sealed class DistributedStepExecutor(IGrainFactory grains, WorkerDirectory directory, JobSpec job, string fingerprint,
    MicroBatchPlan plan, ClusterTrainingOptions options, Action<string> log) : IStepExecutor
{
    private static readonly TimeSpan MembershipPoll = TimeSpan.FromMilliseconds(250);

    public MicroBatchPlan Plan => plan;

    /// <summary>What the steps moved and who computed them since the last <see cref="TakeStatistics"/>.</summary>
    private readonly HashSet<string> _workers = new(StringComparer.Ordinal);
    private long _bytesTo, _bytesFrom, _rows;
    private int _steps, _reassignments;
    private readonly Stopwatch _busy = new();
    private readonly List<ClusterWorkerFailure> _failures = [];

    public GradientSum Compute(StepCoordinates at, float[] weights, CancellationToken cancellationToken) =>
        // Off any synchronisation context: the training loop is synchronous, the calls are not.
        Task.Run(() => ComputeAsync(at, weights, cancellationToken), cancellationToken).GetAwaiter().GetResult();

    public void Release(GradientSum root)
    {
    }

    /// <summary>The totals since the last call, reset.</summary>
    public (IReadOnlyList<string> Workers, int Steps, long Rows, TimeSpan Busy, long BytesTo, long BytesFrom, int Reassignments,
        IReadOnlyList<ClusterWorkerFailure> Failures) TakeStatistics()
    {
        var result = (_workers.Order(StringComparer.Ordinal).ToArray(), _steps, _rows, _busy.Elapsed, _bytesTo, _bytesFrom, _reassignments, _failures.ToArray());
        _failures.Clear();
        _workers.Clear();
        _bytesTo = _bytesFrom = _rows = 0;
        _steps = _reassignments = 0;
        _busy.Reset();
        return result;
    }

    private async Task<GradientSum> ComputeAsync(StepCoordinates at, float[] weights, CancellationToken cancellationToken)
    {
        _busy.Start();
        try
        {
            var workers = await WaitForWorkers(cancellationToken);
            var vector = new FloatVector((float[])weights.Clone()); // the bits of this step, whatever the loop does next
            var known = new Dictionary<(int Lo, int Hi), GradientSum>();
            var suspects = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Queue<(int Lo, int Hi)>(MicroBatchBlock.Split(0, plan.MicroBatchesPerStep, workers.Count));
            while (pending.Count > 0)
            {
                var usable = workers.Where(w => !suspects.Contains(w)).ToList();
                if (usable.Count == 0)
                {
                    workers = await WaitForWorkers(cancellationToken);
                    suspects.Clear();
                    usable = workers;
                }
                var calls = new List<Call>();
                for (int i = 0; pending.Count > 0; i++)
                {
                    var block = pending.Dequeue();
                    string worker = usable[i % usable.Count];
                    var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(options.CallTimeout);
                    var request = new StepRequest(job, at.Epoch, at.StepInEpoch, at.Step, block.Lo, block.Hi, vector);
                    calls.Add(new Call(worker, block, deadline, grains.GetGrain<IBackpropWorkerGrain>(worker).Compute(request, deadline.Token)));
                    _bytesTo += vector.Bytes;
                }
                using var stepDone = new CancellationTokenSource();
                var watch = WatchMembership(calls, stepDone.Token);
                foreach (var call in calls)
                {
                    using var _ = call.Deadline;
                    try
                    {
                        var result = await call.Task;
                        if (result.Error is not null) throw new InvalidDataException(result.Error);
                        foreach (var node in result.Nodes)
                        {
                            _bytesFrom += node.Gradient.Bytes;
                            known.TryAdd((node.Lo, node.Hi), new GradientSum(node.Gradient.Values, node.Loss, node.Weight,
                                new UnitActivity(node.EverActive.Values, node.Saturated, node.Activations)));
                        }
                        _workers.Add(call.Worker);
                    }
                    catch (Exception e) when (e is not InvalidDataException && !cancellationToken.IsCancellationRequested)
                    {
                        suspects.Add(call.Worker);
                        directory.Forget(call.Worker, call.Deadline.IsCancellationRequested && e is OperationCanceledException
                            ? $"missed ClusterTrainingOptions.CallTimeout = {options.CallTimeout.TotalSeconds:G4} s on a block of step {at.Step} (raise it if the worker is only slow)"
                            : $"failed on a block of step {at.Step} ({e.GetType().Name}: {FirstLine(e.Message)})");
                        int others = Math.Max(1, usable.Count(w => !suspects.Contains(w)));
                        foreach (var part in MicroBatchBlock.Split(call.Block.Lo, call.Block.Hi, others)) pending.Enqueue(part);
                        _reassignments++;
                        _failures.Add(new ClusterWorkerFailure
                        {
                            Worker = call.Worker, Step = at.Step, FirstMicroBatch = call.Block.Lo, EndMicroBatch = call.Block.Hi,
                            Reason = $"{e.GetType().Name}: {FirstLine(e.Message)}",
                        });
                        log($"Step {at.Step}: worker {call.Worker} failed on micro-batches [{call.Block.Lo}, {call.Block.Hi}) " +
                            $"({e.GetType().Name}: {FirstLine(e.Message)}); the block goes to the other workers.");
                    }
                }
                stepDone.Cancel();
                await watch;
            }
            var root = MicroBatchBlock.Reduce(plan, known);
            _steps++;
            _rows += (long)Math.Min(plan.BatchSize, plan.Rows - at.StepInEpoch * (long)plan.BatchSize);
            return root;
        }
        finally
        {
            _busy.Stop();
        }
    }

    /// <summary>The ready workers, waiting up to <see cref="ClusterTrainingOptions.NoWorkerTimeout"/> for one.</summary>
    private async Task<List<string>> WaitForWorkers(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            List<string> ready;
            try
            {
                ready = await directory.ReadyAsync(job, fingerprint, cancellationToken);
            }
            catch (Exception e) when (e is not InvalidDataException && !cancellationToken.IsCancellationRequested)
            {
                log($"Listing the workers failed ({e.GetType().Name}); retrying.");
                ready = [];
            }
            if (ready.Count > 0) return ready;
            if (waited.Elapsed >= options.NoWorkerTimeout)
                throw new InvalidOperationException($"No training worker is active and ready after {waited.Elapsed.TotalSeconds:F0} s " +
                    $"(workers: {(options.WorkerSiloNames is null ? "every silo but the coordinator's" : string.Join(", ", options.WorkerSiloNames))}; " +
                    $"{directory.WhyNoneReady()}). Start worker silos with AddBackpropTraining, or check that they can read the shards.");
            await Task.Delay(MembershipPoll, cancellationToken);
        }
    }

    /// <summary>Cancels the calls to workers that membership no longer lists: a client's call to a dead silo would
    /// otherwise wait for its deadline.</summary>
    private async Task WatchMembership(List<Call> calls, CancellationToken done)
    {
        try
        {
            while (!done.IsCancellationRequested)
            {
                await Task.Delay(MembershipPoll, done);
                List<string> active;
                try
                {
                    active = await directory.ActiveAsync(done);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    continue; // the membership query itself can hit the dying silo: ask again
                }
                foreach (var call in calls)
                    if (!call.Task.IsCompleted && !active.Contains(call.Worker))
                        try { call.Deadline.Cancel(); } catch (ObjectDisposedException) { }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private sealed record Call(string Worker, (int Lo, int Hi) Block, CancellationTokenSource Deadline, Task<StepResult> Task);
}
