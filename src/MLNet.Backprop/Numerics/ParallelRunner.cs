using System.Runtime.ExceptionServices;

namespace MLNet.Backprop.Numerics;

/// <summary>A unit of work split into numbered, independent parts.</summary>
internal interface IParallelWork
{
    /// <summary>Runs part <paramref name="part"/>; parts may run in any order on any thread.</summary>
    void Run(int part);
}

/// <summary>
/// A tiny fork-join pool of persistent background threads, used by the GEMM instead of <see cref="Parallel.For(int, int, Action{int})"/>:
/// no allocation per call (the work object is reused by the caller) and a wake-up cost of one semaphore release per
/// helper.
/// </summary>
/// <remarks>
/// One job runs at a time. A caller that finds the pool busy (another thread's job, or a nested call from inside a
/// job) gets <c>false</c> from <see cref="TryRun"/> and runs the parts itself; callers must therefore never depend on
/// which thread runs which part (the GEMM does not: parts are disjoint regions of C with fixed arithmetic).
/// </remarks>
internal static class ParallelRunner
{
    private static readonly object Gate = new();
    private static SemaphoreSlim[] _wake = [];

    // Job state, written under Gate before helpers are released (SemaphoreSlim.Release is a full fence).
    private static IParallelWork? _work;
    private static int _parts;
    private static int _next;
    private static int _pending;
    private static Exception? _error;

    /// <summary>Helper threads available besides the caller: one fewer than the processors, but at least one.</summary>
    public static int HelperCount { get; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// Runs parts 0..<paramref name="parts"/>-1 of <paramref name="work"/> on the caller plus up to
    /// <see cref="HelperCount"/> helpers and returns <c>true</c>; returns <c>false</c> without running anything when
    /// the pool is busy.
    /// </summary>
    public static bool TryRun(IParallelWork work, int parts)
    {
        if (Monitor.IsEntered(Gate) || !Monitor.TryEnter(Gate)) return false;
        try
        {
            EnsureStarted();
            int helpers = Math.Min(parts - 1, _wake.Length);
            _work = work;
            _parts = parts;
            _next = 0;
            _error = null;
            Volatile.Write(ref _pending, helpers);
            for (int i = 0; i < helpers; i++) _wake[i].Release();

            Participate();

            // The caller usually finishes within microseconds of the helpers; spin (yielding, never sleeping 1 ms).
            SpinWait spin = default;
            while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(sleep1Threshold: -1);

            _work = null;
            Exception? error = _error;
            _error = null;
            if (error is not null) ExceptionDispatchInfo.Throw(error);
            return true;
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void Participate()
    {
        IParallelWork work = _work!;
        int parts = _parts;
        int part;
        while ((part = Interlocked.Increment(ref _next) - 1) < parts)
        {
            try
            {
                work.Run(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
        }
    }

    private static void EnsureStarted()
    {
        if (_wake.Length != 0) return;
        var wake = new SemaphoreSlim[HelperCount];
        for (int i = 0; i < wake.Length; i++)
        {
            var signal = wake[i] = new SemaphoreSlim(0);
            var thread = new Thread(() => HelperLoop(signal))
            {
                IsBackground = true,
                Name = $"MLNet.Backprop parallel helper {i}",
            };
            thread.Start();
        }

        _wake = wake;
    }

    private static void HelperLoop(SemaphoreSlim signal)
    {
        while (true)
        {
            signal.Wait();
            Participate();
            Interlocked.Decrement(ref _pending);
        }
    }
}
