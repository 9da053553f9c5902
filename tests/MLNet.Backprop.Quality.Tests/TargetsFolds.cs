using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;

namespace MLNet.Backprop.Quality.Tests;

/// <summary>Hand-made fold results for the <c>--targets</c> tests.</summary>
internal static class TargetsFolds
{
    /// <summary>A binary fold with an AUC (the primary metric) and a log-loss.</summary>
    public static FoldResult Auc(string set, string trainer, double auc, double fit = 1, string fold = "1", int seed = 0) =>
        new(set, TaskKind.Binary, trainer, seed, fold, new Dictionary<string, double> { ["auc"] = auc, ["log_loss"] = 0.5 }, fit);

    /// <summary>A failed fold, as the tool records it: no metrics, an error.</summary>
    public static FoldResult Failed(string set, string trainer, string fold = "1") =>
        new(set, TaskKind.Binary, trainer, 0, fold, new Dictionary<string, double>(), 2, "boom");
}
