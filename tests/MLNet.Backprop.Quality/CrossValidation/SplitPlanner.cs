using Microsoft.ML;
using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.CrossValidation;

/// <summary>
/// The train/test pairs of a data set: k stratified folds (<see cref="FoldAssignment"/>: by class for
/// classification, by sorted-target bins for regression), or the fixed split of a set with a test file. Each view is
/// loaded by <c>TextLoader</c> from the selected lines and cached in memory before any timing starts.
/// </summary>
public static class SplitPlanner
{
    private const int WarmupRows = 300;

    /// <summary>The k folds of <paramref name="table"/>.</summary>
    /// <exception cref="InvalidDataException">A fold's test rows cannot give the set's metric (see <see cref="FoldMetricCheck"/>);
    /// thrown when the first split is asked for.</exception>
    public static IEnumerable<DataSplit> Folds(MLContext ml, DataSetLoader loader, DataSetLayout layout, CsvTable table, int folds, int seed)
    {
        int[] fold = layout.Info.Task == TaskKind.Regression
            ? FoldAssignment.ByTargetBins(layout.Targets(table), folds, seed)
            : FoldAssignment.Stratified(layout.ClassIndices(table), folds, seed);
        FoldMetricCheck.Verify(layout, table, fold, folds); // before the first split is handed out: before any fit
        int step = Math.Max(1, table.Rows.Count / WarmupRows);
        for (int f = 0; f < folds; f++)
        {
            int k = f;
            yield return new DataSplit((f + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Cached(ml, loader.Load(table, i => fold[i] != k)),
                Cached(ml, loader.Load(table, i => fold[i] == k)),
                Cached(ml, loader.Load(table, i => fold[i] != k && i % step == 0)));
        }
    }

    /// <summary>The fixed split: <paramref name="train"/> for training, <paramref name="test"/> for testing.</summary>
    public static DataSplit Fixed(MLContext ml, DataSetLoader loader, CsvTable train, CsvTable test)
    {
        int step = Math.Max(1, train.Rows.Count / WarmupRows);
        return new DataSplit("test", Cached(ml, loader.Load(train)), Cached(ml, loader.Load(test)), Cached(ml, loader.Load(train, i => i % step == 0)));
    }

    // Parse the text once, up front, so that no trainer's fit time includes reading the CSV.
    private static IDataView Cached(MLContext ml, IDataView view)
    {
        var cached = ml.Data.Cache(view);
        using var cursor = cached.GetRowCursor(cached.Schema);
        while (cursor.MoveNext()) { }
        return cached;
    }
}
