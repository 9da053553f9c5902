namespace MLNet.Backprop.Quality.Reporting;

/// <summary>How the run was made, for the report's header.</summary>
/// <param name="DataDirectory">The benchmarks folder used.</param>
/// <param name="Folds">k.</param>
/// <param name="Seeds">The fold seeds (one cross-validation each; fixed splits ran with the first).</param>
/// <param name="Center">Whether NormalizeMeanVariance subtracted the mean.</param>
/// <param name="Warmup">Whether each trainer had an untimed warm-up fit.</param>
/// <param name="Load">The load average during the run.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
/// <param name="ReusedFrom">The folds.csv whose results were reused, or null.</param>
public sealed record RunInfo(string DataDirectory, int Folds, IReadOnlyList<int> Seeds, bool Center, bool Warmup, string Load, TimeSpan Elapsed, string? ReusedFrom);
