using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// Work split into numbered, independent parts that any participating thread may claim. Instances are meant to be
/// reused call after call (no allocation per call).
/// </summary>
/// <remarks>
/// Claiming is lock-free on one 64-bit word holding (parts, next part), so publishing a new job (<see cref="Reset"/>)
/// atomically replaces both: a helper that wakes late, even during a later job, can only claim parts of the job that
/// is currently published, never a stale index.
/// </remarks>
internal abstract class ParallelWork
{
    private long _state; // high 32 bits: part count; low 32 bits: next unclaimed part
    private int _remaining;
    private Exception? _error;

    /// <summary>Whether every part of the current job has completed.</summary>
    public bool IsComplete => Volatile.Read(ref _remaining) == 0;

    /// <summary>Runs part <paramref name="part"/>; parts may run in any order, on any thread.</summary>
    protected abstract void RunPart(int part);

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> near-equal ranges that cover [0, <paramref name="count"/>),
    /// cut at multiples of <paramref name="unit"/> (whole tiles, whole vector blocks).</summary>
    protected static (int Begin, int End) PartOf(int count, int part, int parts, int unit = 1)
    {
        long units = ((long)count + unit - 1) / unit;
        return ((int)Math.Min(units * part / parts * unit, count), (int)Math.Min(units * (part + 1) / parts * unit, count));
    }

    /// <summary>Publishes a job of <paramref name="parts"/> parts. Set the job's inputs before calling this.</summary>
    public void Reset(int parts)
    {
        _error = null;
        Volatile.Write(ref _remaining, parts);
        Volatile.Write(ref _state, (long)parts << 32);
    }

    /// <summary>Claims and runs parts until none is left.</summary>
    public void Participate()
    {
        while (true)
        {
            long state = Volatile.Read(ref _state);
            int next = (int)state;
            if (next >= (int)(state >> 32)) return;
            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state) continue;
            try
            {
                RunPart(next);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            finally
            {
                Interlocked.Decrement(ref _remaining);
            }
        }
    }

    /// <summary>
    /// Runs every part on the calling thread (the pool was busy). A helper still holding this object from an earlier
    /// call may join in, so this too waits until all parts are complete.
    /// </summary>
    public void RunInline(int parts)
    {
        Reset(parts);
        Participate();
        WaitForCompletion();
        ThrowIfFailed();
    }

    /// <summary>Waits, spinning and yielding (never sleeping 1 ms), until claimed parts running elsewhere finish.</summary>
    public void WaitForCompletion()
    {
        SpinWait spin = default;
        while (!IsComplete) spin.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>Rethrows the first exception a part threw, if any.</summary>
    public void ThrowIfFailed()
    {
        Exception? error = _error;
        _error = null;
        if (error is not null) ExceptionDispatchInfo.Throw(error);
    }
}

/// <summary>
/// A tiny fork-join pool of persistent background threads, used by the GEMM instead of
/// <see cref="Parallel.For(int, int, Action{int})"/>: no allocation per call and a wake-up cost of one semaphore
/// release per helper.
/// </summary>
/// <remarks>
/// <para>The caller always works too, and waits only for parts that have been claimed: a helper that is slow to be
/// scheduled (a busy machine) simply claims nothing, instead of stalling the caller.</para>
/// <para>One job runs at a time. A caller that finds the pool busy (another thread's job, or a nested call from inside
/// a part) gets <c>false</c> from <see cref="TryRun"/> and should run the parts itself; callers therefore must never
/// depend on which thread runs which part (the GEMM does not: parts are disjoint regions of C with fixed arithmetic).
/// </para>
/// </remarks>
internal static class ParallelRunner
{
    /// <summary>
    /// How long a helper keeps polling for the next job after finishing one before it blocks: a training step issues
    /// its parallel products and passes a few microseconds apart, and a blocked thread takes 5-50 µs to wake on a
    /// virtual machine, more than a small product takes; polling meanwhile costs only the helper's own core.
    /// </summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000; // 200 µs

    private static readonly object Gate = new();
    private static Helper[] _helpers = [];
    private static ParallelWork? _current;
    private static long _published;

    /// <summary>Helper threads available besides the caller: one fewer than the processors, but at least one.</summary>
    public static int HelperCount { get; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// Runs all <paramref name="parts"/> parts of <paramref name="work"/> on the caller plus up to
    /// <see cref="HelperCount"/> helpers and returns <c>true</c>; returns <c>false</c> without running anything when
    /// the pool is busy.
    /// </summary>
    public static bool TryRun(ParallelWork work, int parts)
    {
        if (Monitor.IsEntered(Gate) || !Monitor.TryEnter(Gate)) return false;
        try
        {
            EnsureStarted();
            work.Reset(parts);
            Volatile.Write(ref _current, work);
            Interlocked.Increment(ref _published); // a full fence: a helper about to block sees the job or is woken
            int helpers = Math.Min(parts - 1, _helpers.Length);
            for (int i = 0; i < helpers; i++) _helpers[i].WakeIfBlocked();

            work.Participate();

            // Every part is claimed by now; wait only for those still running elsewhere.
            work.WaitForCompletion();

            Volatile.Write(ref _current, null);
            work.ThrowIfFailed();
            return true;
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void EnsureStarted()
    {
        if (_helpers.Length != 0) return;
        var helpers = new Helper[HelperCount];
        for (int i = 0; i < helpers.Length; i++)
        {
            var helper = helpers[i] = new Helper();
            var thread = new Thread(helper.Loop)
            {
                IsBackground = true,
                Name = $"MLNet.Backprop parallel helper {i}",
            };
            thread.Start();
        }

        _helpers = helpers;
    }

    /// <summary>A helper thread: polls for newly published jobs for <see cref="SpinTicks"/>, then blocks until woken.</summary>
    private sealed class Helper
    {
        private readonly SemaphoreSlim _signal = new(0);
        private int _blocked; // 1 while the helper is blocked or about to block

        /// <summary>Called after a job is published: releases the helper if it has stopped polling.</summary>
        public void WakeIfBlocked()
        {
            if (Volatile.Read(ref _blocked) == 1 && Interlocked.Exchange(ref _blocked, 0) == 1) _signal.Release();
        }

        public void Loop()
        {
            long seen = Volatile.Read(ref _published);
            while (true)
            {
                WaitForJob(seen);
                seen = Volatile.Read(ref _published);
                Volatile.Read(ref _current)?.Participate();
            }
        }

        private void WaitForJob(long seen)
        {
            long start = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _published) == seen)
            {
                if (Stopwatch.GetTimestamp() - start < SpinTicks)
                {
                    Thread.SpinWait(4);
                    continue;
                }

                Interlocked.Exchange(ref _blocked, 1); // a full fence, paired with the publisher's increment
                if (Volatile.Read(ref _published) != seen)
                {
                    // Published meanwhile: take back the flag, or consume the release the publisher already sent.
                    if (Interlocked.Exchange(ref _blocked, 0) == 0) _signal.Wait();
                    return;
                }
                _signal.Wait();
                return;
            }
        }
    }
}
