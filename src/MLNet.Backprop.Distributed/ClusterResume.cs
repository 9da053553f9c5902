namespace MLNet.Backprop.Distributed;

/// <summary>Where a run resumed from its checkpoint (<see cref="ClusterTrainingOptions.CheckpointPath"/>).</summary>
public sealed record ClusterResume
{
    /// <summary>The checkpoint file.</summary>
    public required string CheckpointPath { get; init; }

    /// <summary>The epoch the run resumed in, from 1.</summary>
    public required int Epoch { get; init; }

    /// <summary>The step within that epoch the run resumed at, from 0 (0: the epoch had not started).</summary>
    public required int StepInEpoch { get; init; }
}
