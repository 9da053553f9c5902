using Microsoft.ML;
using MLNet.Backprop.Integration.Data;

namespace MLNet.Backprop.Experiments.Tuning;

/// <summary>
/// k folds of a data view, stratified: for classification each class is shuffled and dealt round-robin, so every fold
/// gets ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of class c; for regression the rows are sorted by label, cut into bins of k and each
/// bin's rows go to distinct folds. Deterministic for a seed. Rows with a missing label are dealt like a class of
/// their own (the trainer skips them).
/// </summary>
internal sealed class StratifiedFolds
{
    private readonly int[] _fold;

    private StratifiedFolds(int[] fold, int count, double[] labels, bool regression)
    {
        _fold = fold;
        Count = count;
        Labels = labels;
        Regression = regression;
    }

    /// <summary>Each row's label as the trainer reads it (binary: 0 or 1; keys: the 0-based class index; regression: the
    /// value), NaN where it is missing.</summary>
    public double[] Labels { get; }

    /// <summary>True when the labels are regression targets.</summary>
    public bool Regression { get; }

    /// <summary>The fold each row is held out in.</summary>
    public int FoldOf(int row) => _fold[row];

    /// <summary>Number of folds.</summary>
    public int Count { get; }

    /// <summary>Rows in the data.</summary>
    public int Rows => _fold.Length;

    /// <summary>Draws <paramref name="folds"/> folds over <paramref name="data"/>'s rows from its label column.</summary>
    /// <exception cref="ArgumentException">The label column is missing, or there are fewer rows than folds.</exception>
    public static StratifiedFolds Create(IDataView data, string labelColumn, BackpropTask task, int folds, int seed)
    {
        var labels = ReadLabels(data, labelColumn, task);
        bool regression = task == BackpropTask.Regression;
        if (labels.Length < folds)
            throw new ArgumentException($"The training data has {labels.Length} rows, too few for {folds} folds (NumberOfFolds).", "trainData");
        var random = new Random(seed);
        var fold = new int[labels.Length];
        if (regression)
        {
            // Sorted by label (missing ones last, in row order), then each bin of k rows sent to k distinct folds.
            int[] order = [.. Enumerable.Range(0, labels.Length).OrderBy(r => double.IsNaN(labels[r]) ? double.PositiveInfinity : labels[r]).ThenBy(r => r)];
            var folds0 = Enumerable.Range(0, folds).ToArray();
            for (int start = 0; start < order.Length; start += folds)
            {
                random.Shuffle(folds0);
                for (int i = start; i < Math.Min(order.Length, start + folds); i++) fold[order[i]] = folds0[i - start];
            }
        }
        else
        {
            int next = 0;
            foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(r => labels[r]).OrderBy(g => g.Key))
            {
                int[] rows = [.. group];
                random.Shuffle(rows);
                foreach (int r in rows) fold[r] = next++ % folds;
            }
        }
        return new StratifiedFolds(fold, folds, labels, regression);
    }

    /// <summary>The training side (every fold but <paramref name="fold"/>) and the held-out side of fold <paramref name="fold"/>.</summary>
    /// <param name="data">The rows the folds were drawn over.</param>
    /// <param name="fold">The held-out fold.</param>
    /// <param name="unusable">Rows left out of the held-out side (the trainer leaves them out of training), or null.</param>
    public (IDataView Train, IDataView Test) Split(IDataView data, int fold, bool[]? unusable = null) =>
        (new RowSubsetDataView(data, [.. _fold.Select(f => f != fold)]),
         new RowSubsetDataView(data, [.. _fold.Select((f, r) => f == fold && unusable?[r] != true)]));

    /// <summary>Every row's label as the trainer reads it (<see cref="LabelReader"/>: any Boolean, key or Single label
    /// the trainer accepts), NaN where it is missing.</summary>
    private static double[] ReadLabels(IDataView data, string labelColumn, BackpropTask task)
    {
        var column = data.Schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentException($"The data has no label column '{labelColumn}'.", nameof(data));
        var labels = new List<double>();
        using var cursor = data.GetRowCursor([column]);
        var read = LabelReader.Create(cursor, column, task);
        while (cursor.MoveNext()) labels.Add(read());
        return [.. labels];
    }
}
