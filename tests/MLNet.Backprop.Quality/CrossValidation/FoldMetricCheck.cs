using System.Globalization;
using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.CrossValidation;

/// <summary>
/// Every test side must be able to give its set's metrics before any trainer fits on it: AUC needs both classes among
/// the test rows, R² targets that vary. Otherwise ML.NET's evaluator threw after each trainer's fit ("AUC is not defined
/// when there is no positive class", recorded as every trainer's error) or returned R² NaN, recorded and averaged as a
/// result. A class with fewer rows than folds leaves some fold without it.
/// </summary>
public static class FoldMetricCheck
{
    /// <param name="layout">The set's layout (its task, classes and label column).</param>
    /// <param name="table">The rows.</param>
    /// <param name="fold">Each row's fold, or null for a test file (every row is a test row).</param>
    /// <param name="folds">The number of folds (ignored without <paramref name="fold"/>).</param>
    /// <exception cref="InvalidDataException">A test side holds no row, one class only (binary), or one target value
    /// (regression); the message names the set, the fold and the class or value.</exception>
    public static void Verify(DataSetLayout layout, CsvTable table, int[]? fold, int folds)
    {
        var task = layout.Info.Task;
        if (task == TaskKind.Multiclass) return; // macro-accuracy averages over the classes the test rows hold
        int sides = fold is null ? 1 : folds;
        var targets = task == TaskKind.Regression ? layout.Targets(table) : [];
        var classes = task == TaskKind.Regression ? [] : layout.ClassIndices(table);
        for (int side = 0; side < sides; side++)
        {
            string where = fold is null ? $"{layout.Info.Name}: the test file {layout.Info.TestFile}" : $"{layout.Info.Name}: fold {side + 1} of {folds}";
            var rows = Enumerable.Range(0, table.Rows.Count).Where(i => fold is null || fold[i] == side).ToArray();
            // ML.NET's evaluators give 0 (a perfect RMSE) for no rows.
            if (rows.Length == 0) throw new InvalidDataException($"{where} holds no test row: its metrics are undefined.");
            if (task == TaskKind.Regression)
            {
                if (rows.Select(i => targets[i]).Distinct().Count() < 2)
                    throw new InvalidDataException($"{where}: its {rows.Length} test rows all have target " +
                        $"{targets[rows[0]].ToString(CultureInfo.InvariantCulture)}: R² is undefined for targets that do not vary." +
                        (fold is null ? "" : " Use fewer folds (--folds)."));
                continue;
            }
            for (int c = 0; c < layout.Classes.Count; c++)
            {
                if (rows.Any(i => classes[i] == c)) continue;
                int count = classes.Count(k => k == c);
                throw new InvalidDataException($"{where} holds no row of class '{layout.Classes[c]}' among its {rows.Length} test rows (the set has {count}): " +
                    "its AUC is undefined. " + (fold is null ? "Its test file needs rows of both classes."
                        : count >= 2 ? $"Use at most {count} folds (--folds)." : "Cross-validation needs at least 2 rows of each class."));
            }
        }
    }
}
