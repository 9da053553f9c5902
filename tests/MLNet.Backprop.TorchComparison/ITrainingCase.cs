namespace MLNet.Backprop.TorchComparison;

/// <summary>Whose training a case measures.</summary>
internal enum CaseKind
{
    /// <summary>This library (whole <c>Fit</c>, or its bare step): compared with every TorchSharp case.</summary>
    Ours,

    /// <summary>TorchSharp's training loop.</summary>
    TorchSharp,

    /// <summary>A reference, not a training: this library's GEMM running only the matrix products of the shape's steps
    /// (the limit our training approaches; our cases are reported as a share of it).</summary>
    GemmLimit,
}

/// <summary>
/// One way of training a shape whose throughput is measured. The comparison runs every case of a shape once untimed
/// (warm-up), then <c>--runs</c> times each, rotating the order of the cases from run to run.
/// </summary>
internal interface ITrainingCase : IDisposable
{
    /// <summary>Column title of the case.</summary>
    string Name { get; }

    /// <summary>Which side the case belongs to.</summary>
    CaseKind Kind { get; }

    /// <summary>Trains a fresh network for the shape's epochs with <paramref name="threads"/> threads; returns what was timed.</summary>
    CaseResult Run(int threads);
}

/// <summary>The outcome of one timed training run.</summary>
/// <param name="Elapsed">Wall-clock time of everything the case counts (see the case's documentation).</param>
/// <param name="TrainingLoopElapsed">Of which the training loop itself, where the side reports it.</param>
/// <param name="LastEpochLoss">Mean training loss of the last epoch's batches, where the case computes it (a sanity check
/// that both sides learn the same task).</param>
internal sealed record CaseResult(TimeSpan Elapsed, TimeSpan? TrainingLoopElapsed, double? LastEpochLoss);
