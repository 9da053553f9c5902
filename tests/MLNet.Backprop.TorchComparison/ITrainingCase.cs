namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// One way of training a shape whose throughput is measured. The comparison runs every case of a shape once untimed
/// (warm-up), then <c>--runs</c> times each, rotating the order of the cases from run to run.
/// </summary>
/// <remarks>
/// Extension point: a "bare step" case of this library (its training step alone, without <c>Fit</c>'s data reading,
/// checks and diagnosis) needs internal APIs and so a project with <c>InternalsVisibleTo</c>; implement this interface
/// there (or here once the API is public) and add it in <see cref="TrainingCases.For"/>.
/// </remarks>
internal interface ITrainingCase : IDisposable
{
    /// <summary>Column title of the case.</summary>
    string Name { get; }

    /// <summary>Which side the case belongs to: true for this library, false for TorchSharp.</summary>
    bool IsOurs { get; }

    /// <summary>Trains a fresh network for the shape's epochs with <paramref name="threads"/> threads; returns what was timed.</summary>
    CaseResult Run(int threads);
}

/// <summary>The outcome of one timed training run.</summary>
/// <param name="Elapsed">Wall-clock time of everything the case counts (see the case's documentation).</param>
/// <param name="TrainingLoopElapsed">Of which the training loop itself, where the side reports it.</param>
/// <param name="LastEpochLoss">Mean training loss of the last epoch's batches, where the case computes it (a sanity check
/// that both sides learn the same task).</param>
internal sealed record CaseResult(TimeSpan Elapsed, TimeSpan? TrainingLoopElapsed, double? LastEpochLoss);
