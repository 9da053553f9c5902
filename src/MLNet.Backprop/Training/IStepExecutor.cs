namespace MLNet.Backprop.Training;

/// <summary>
/// Computes the reduced gradient sum of one step of the micro-batch mode: on this machine's threads
/// (<see cref="LocalStepExecutor"/>) or on a cluster's workers (the distributed package). Every implementation returns
/// the root of the same reduction tree over the same micro-batch sums, so the training loop cannot tell them apart.
/// </summary>
internal interface IStepExecutor
{
    /// <summary>The cut of every epoch into steps and micro-batches.</summary>
    MicroBatchPlan Plan { get; }

    /// <summary>The root of step <paramref name="at"/>'s tree at <paramref name="weights"/> (flattened; not modified).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    GradientSum Compute(StepCoordinates at, float[] weights, CancellationToken cancellationToken);

    /// <summary>Takes back a root returned by <see cref="Compute"/> once the loop has used it (its buffer may be reused).</summary>
    void Release(GradientSum root);
}
