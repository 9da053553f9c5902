namespace MLNet.Backprop.Experiments;

/// <summary>The lowest index of a parallel job (a sweep's run, a tuner's trial in a fold) that failed, so far. Jobs above
/// it need not run (the whole ends with the lowest one's exception), jobs below it still run (one of them may fail first
/// in index order): the exception is the one a job-at-a-time loop would throw, whatever the timing.</summary>
internal sealed class FirstFailure
{
    private int _lowest = int.MaxValue;

    public bool Skips(int index) => index > Volatile.Read(ref _lowest);

    public void Add(int index)
    {
        for (int seen = Volatile.Read(ref _lowest); index < seen; seen = Volatile.Read(ref _lowest))
            if (Interlocked.CompareExchange(ref _lowest, index, seen) == seen) return;
    }
}
