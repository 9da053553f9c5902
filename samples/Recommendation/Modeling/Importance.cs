using Microsoft.ML;
using MLNet.Backprop;

namespace Recommendation.Modeling;

/// <summary>Permutation importance of the embedding model on the test split: the three numbers (feature slots) and the
/// id and lecture key columns (each permuted as a whole key column), by the drop of R².</summary>
public static class Importance
{
    public static IReadOnlyList<FeatureImportance> Run(MLContext ml, IDataView train, IDataView test, int seed, int permutations = 3)
    {
        var model = Candidates.KeyedLectures(ml).Append(ml.Regression.Trainers.Backprop(Candidates.AccurateOptions(seed))).Fit(train);
        return ml.PermutationFeatureImportance(model, test, permutationCount: permutations);
    }

    public static string Table(IReadOnlyList<FeatureImportance> importance) =>
        "| input | kind | R² drop | ± s.e. |\n|---|---|---:|---:|\n" +
        string.Concat(importance.Select(f => $"| {f.Name} | {(f.IsCategoricalColumn ? "categorical column" : "feature slot")} | {f.Decrease:F4} | {f.StandardError:F4} |\n"));
}
