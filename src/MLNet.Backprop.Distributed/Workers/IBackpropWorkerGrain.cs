using MLNet.Backprop.Distributed.Messaging;

namespace MLNet.Backprop.Distributed.Workers;

/// <summary>The training worker of one silo: its key is the silo's name, and <see cref="SiloNamePlacement"/> activates
/// it on that silo and nowhere else.</summary>
[Alias("MLNet.Backprop.Distributed.IBackpropWorkerGrain")]
internal interface IBackpropWorkerGrain : IGrainWithStringKey
{
    /// <summary>Opens and checks the job's shards and computes the numerics fingerprint.</summary>
    [Alias("Prepare")]
    Task<WorkerReady> Prepare(JobSpec job, CancellationToken cancellationToken);

    /// <summary>Computes a block of a step's micro-batches.</summary>
    [Alias("Compute")]
    Task<StepResult> Compute(StepRequest request, CancellationToken cancellationToken);
}
