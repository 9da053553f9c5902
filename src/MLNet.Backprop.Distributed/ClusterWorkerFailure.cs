namespace MLNet.Backprop.Distributed;

/// <summary>A worker call that failed or missed its deadline: whose, which step and which micro-batches, and why. The
/// block was computed again by the other workers, with the same result.</summary>
public sealed record ClusterWorkerFailure
{
    /// <summary>The worker's silo name.</summary>
    public required string Worker { get; init; }

    /// <summary>The step, counted over the whole run from 0.</summary>
    public required long Step { get; init; }

    /// <summary>The first micro-batch of the failed block.</summary>
    public required int FirstMicroBatch { get; init; }

    /// <summary>One past the last micro-batch of the failed block.</summary>
    public required int EndMicroBatch { get; init; }

    /// <summary>The exception's type and the first line of its message.</summary>
    public required string Reason { get; init; }
}
