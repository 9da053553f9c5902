using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Evaluation;

/// <summary>How each set is run.</summary>
/// <param name="Trainers">The columns, in order.</param>
/// <param name="Folds">k of k-fold cross-validation.</param>
/// <param name="Seeds">The fold seeds: one whole cross-validation per seed, with that seed's folds and every
/// <c>MLContext</c> of its fits seeded with it. A fixed split is run once, with the first seed.</param>
/// <param name="Center">NormalizeMeanVariance with fixZero: false.</param>
/// <param name="Warmup">One untimed warm-up fit per trainer and task.</param>
/// <param name="PerClass">Multiclass: also each class' recall and test-row count.</param>
public sealed record RunSettings(IReadOnlyList<TrainerEntry> Trainers, int Folds, IReadOnlyList<int> Seeds, bool Center, bool Warmup, bool PerClass = false);
