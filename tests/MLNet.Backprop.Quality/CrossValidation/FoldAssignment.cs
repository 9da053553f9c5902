namespace MLNet.Backprop.Quality.CrossValidation;

/// <summary>
/// Deterministic k-fold assignment (a fold index per row) from a seed; <see cref="System.Random"/> with a seed is
/// stable across .NET versions, so the folds are too.
/// </summary>
public static class FoldAssignment
{
    /// <summary>
    /// Stratified by class: each class's rows are shuffled, the classes are laid end to end (class 0 first) and the
    /// rows dealt to folds 0, 1, ..., k−1, 0, ... in that order. Every fold gets ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of each class c
    /// and the fold sizes differ by at most one.
    /// </summary>
    /// <param name="classes">Each row's class index (≥ 0).</param>
    /// <param name="folds">k, from 2 to the number of rows.</param>
    /// <param name="seed">The shuffle's seed.</param>
    public static int[] Stratified(IReadOnlyList<int> classes, int folds, int seed)
    {
        Check(classes.Count, folds);
        if (classes.Any(c => c < 0)) throw new ArgumentOutOfRangeException(nameof(classes), "Class indices must be ≥ 0.");
        var random = new Random(seed);
        var order = Enumerable.Range(0, classes.Count)
            .GroupBy(i => classes[i])
            .OrderBy(g => g.Key)
            .SelectMany(g => Shuffled(g.ToArray(), random));
        var fold = new int[classes.Count];
        int position = 0;
        foreach (int row in order) fold[row] = position++ % folds;
        return fold;
    }

    /// <summary>
    /// Stratified by sorted target (regression): the rows are sorted by target (ties in random order), cut into
    /// consecutive bins of k rows, and each bin's rows go to distinct folds in a random order. Every fold thus spans
    /// the whole range of the target; fold sizes differ by at most one.
    /// </summary>
    /// <param name="targets">Each row's target.</param>
    /// <param name="folds">k, from 2 to the number of rows.</param>
    /// <param name="seed">The shuffle's seed.</param>
    public static int[] ByTargetBins(IReadOnlyList<double> targets, int folds, int seed)
    {
        Check(targets.Count, folds);
        var random = new Random(seed);
        var tieBreak = Shuffled(Enumerable.Range(0, targets.Count).ToArray(), random);
        var rank = new int[targets.Count];
        for (int i = 0; i < tieBreak.Length; i++) rank[tieBreak[i]] = i;
        var sorted = Enumerable.Range(0, targets.Count).OrderBy(i => targets[i]).ThenBy(i => rank[i]).ToArray();
        var fold = new int[targets.Count];
        for (int start = 0; start < sorted.Length; start += folds)
        {
            var slots = Shuffled(Enumerable.Range(0, folds).ToArray(), random);
            for (int j = 0; j < folds && start + j < sorted.Length; j++) fold[sorted[start + j]] = slots[j];
        }
        return fold;
    }

    private static void Check(int rows, int folds)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least 2 folds.");
        if (folds > rows) throw new ArgumentOutOfRangeException(nameof(folds), folds, $"{folds} folds need at least {folds} rows; got {rows}.");
    }

    private static int[] Shuffled(int[] items, Random random)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }
}
