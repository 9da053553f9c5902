namespace MLNet.Backprop.Training;

/// <summary>
/// How the micro-batch mode cuts an epoch: step s takes positions [s·B, (s+1)·B) of the epoch's row order (B = the batch
/// size, at most the row count), and micro-batch j of the step takes positions [s·B + j·m, s·B + (j+1)·m) of those
/// (m = the micro-batch size). The cut depends on the sizes only, never on threads or machines.
/// </summary>
internal sealed class MicroBatchPlan
{
    public MicroBatchPlan(int rows, int batchSize, int microBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(microBatchSize, 1);
        Rows = rows;
        BatchSize = Math.Min(batchSize, rows);
        MicroBatchSize = Math.Min(microBatchSize, BatchSize);
        StepsPerEpoch = (rows + BatchSize - 1) / BatchSize;
        MicroBatchesPerStep = (BatchSize + MicroBatchSize - 1) / MicroBatchSize;
    }

    /// <summary>Rows per epoch.</summary>
    public int Rows { get; }

    /// <summary>Rows per step (the last step of an epoch may have fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Rows per micro-batch (the last of a step may have fewer, and those past the data none).</summary>
    public int MicroBatchSize { get; }

    /// <summary>Steps per epoch.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Micro-batches per step, M: the leaves of the step's reduction tree.</summary>
    public int MicroBatchesPerStep { get; }

    /// <summary>The positions in the epoch's row order of micro-batch <paramref name="micro"/> of step
    /// <paramref name="stepInEpoch"/>; an empty range past the data.</summary>
    public (int Start, int Count) Positions(int stepInEpoch, int micro)
    {
        int stepStart = stepInEpoch * BatchSize;
        int stepEnd = Math.Min(stepStart + BatchSize, Rows);
        int start = stepStart + micro * MicroBatchSize;
        int end = Math.Min(start + MicroBatchSize, stepEnd);
        return end > start ? (start, end - start) : (Math.Min(start, Rows), 0);
    }

    /// <summary>The global step number (0-based over all epochs) of step <paramref name="stepInEpoch"/> of the 0-based
    /// <paramref name="epoch"/>.</summary>
    public long GlobalStep(int epoch, int stepInEpoch) => (long)epoch * StepsPerEpoch + stepInEpoch;
}
