using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.Evaluation;

/// <summary>One trainer's result on one fold (or on the fixed test split).</summary>
/// <param name="Set">The data set.</param>
/// <param name="Task">Its task.</param>
/// <param name="Trainer">The trainer's key.</param>
/// <param name="Seed">The fold seed of the cross-validation this fold belongs to (it also seeded the fit's MLContext);
/// for a fixed split, the seed it was run with.</param>
/// <param name="Fold">The fold's label: "1".."k", or "test" for a fixed split.</param>
/// <param name="Metrics">Metric key → value; empty when the fit failed.</param>
/// <param name="FitSeconds">Wall time of the whole pipeline's <c>Fit</c> (featurizer and trainer).</param>
/// <param name="Error">The failure's message, or null.</param>
public sealed record FoldResult(
    string Set,
    TaskKind Task,
    string Trainer,
    int Seed,
    string Fold,
    IReadOnlyDictionary<string, double> Metrics,
    double FitSeconds,
    string? Error = null)
{
    /// <summary>True when the fit or the evaluation threw.</summary>
    public bool Failed => Error is not null;
}
