namespace MLNet.Backprop.Training;

/// <summary>A hold-out drawn row by row (<see cref="Integration.Data.TrainingSplit.ByRow"/>): the seed and share from
/// which whoever reads the rows (the local executor, each of a cluster's workers) derives the same training rows alone.</summary>
/// <param name="Seed">Seeds the draw.</param>
/// <param name="Share">The share held out, above 0.</param>
internal sealed record RowHoldOut(ulong Seed, float Share);
