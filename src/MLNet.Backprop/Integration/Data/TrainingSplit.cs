using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>Hold-out splitting: stratified by class for classification when the rows are in memory, or row by row
/// (<see cref="HeldOutByRow"/>) where no reader sees every row.</summary>
internal static class TrainingSplit
{
    /// <summary>Splits off about <paramref name="fraction"/> of the rows; per class for classification, so both parts keep
    /// the class proportions. Returns the row indices of each part, each in the original order (the training part is
    /// then served from the data in place; only the validation part is copied).</summary>
    /// <param name="data">The rows.</param>
    /// <param name="fraction">The share to hold out.</param>
    /// <param name="classification">Whether to split each class on its own.</param>
    /// <param name="seed">Seeds the draw.</param>
    /// <param name="optional">The automatic hold-out: when the rounding per class holds out no row (classes of a few rows
    /// each), every row is training and the validation part is empty, instead of the refusal an explicit share gets.</param>
    public static (int[] Training, int[] Validation) Stratified(TrainingData data, float fraction, bool classification, ulong seed, bool optional = false)
    {
        var rng = new Rng(seed);
        var groups = classification
            ? Enumerable.Range(0, data.Rows).GroupBy(r => data.Targets[r]).OrderBy(g => g.Key).Select(g => g.ToArray())
            : [Enumerable.Range(0, data.Rows).ToArray()];
        var validation = new List<int>();
        foreach (var group in groups)
        {
            rng.Shuffle(group);
            int take = (int)Math.Round(group.Length * (double)fraction);
            validation.AddRange(group.Take(take));
        }
        var held = new HashSet<int>(validation);
        var training = Enumerable.Range(0, data.Rows).Where(r => !held.Contains(r)).ToList();
        validation.Sort();
        if (optional && validation.Count == 0) return ([.. training], []);
        if (training.Count == 0 || validation.Count == 0) throw NothingLeft(fraction, data.Rows, training.Count, validation.Count);
        return ([.. training], [.. validation]);
    }

    /// <summary>Splits <paramref name="rows"/> rows by <see cref="HeldOutByRow"/>: the row indices of each part, in row
    /// order. The split of the micro-batch and cluster modes, where the coordinator, the local executor and every worker
    /// derive the same parts from the seed and the share alone.</summary>
    /// <param name="rows">The training rows given to <c>Fit</c>.</param>
    /// <param name="seed">Seeds the draw.</param>
    /// <param name="fraction">The share to hold out.</param>
    /// <param name="optional">The automatic hold-out: when the draw holds out no row or every row, every row is training
    /// and the validation part is empty, instead of the refusal an explicit share gets.</param>
    public static (int[] Training, int[] Validation) ByRow(int rows, ulong seed, float fraction, bool optional = false)
    {
        var training = new List<int>(rows);
        var validation = new List<int>();
        for (int r = 0; r < rows; r++) (HeldOutByRow(seed, r, fraction) ? validation : training).Add(r);
        if (training.Count > 0 && validation.Count > 0) return ([.. training], [.. validation]);
        if (optional) return ([.. Enumerable.Range(0, rows)], []);
        throw NothingLeft(fraction, rows, training.Count, validation.Count);
    }

    /// <summary>The rows of <paramref name="rows"/> that <see cref="HeldOutByRow"/> draws, ascending: the validation part of
    /// <see cref="ByRow"/> without an index of the training part (a cluster worker serves it through
    /// <see cref="Training.RowsAfterHoldOut"/>, 4 bytes a held-out row instead of 4 bytes a row).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The draw holds out no row or every row (as <see cref="ByRow"/>, not optional).</exception>
    public static int[] HeldOutRows(int rows, ulong seed, float fraction)
    {
        // Sized for the share and four standard deviations more, so the list rarely grows.
        double expected = (double)rows * fraction;
        var validation = new List<int>((int)Math.Min(rows, expected + 4 * Math.Sqrt(expected) + 16));
        for (int r = 0; r < rows; r++)
            if (HeldOutByRow(seed, r, fraction)) validation.Add(r);
        if (validation.Count == 0 || validation.Count == rows) throw NothingLeft(fraction, rows, rows - validation.Count, validation.Count);
        return [.. validation];
    }

    /// <summary>An explicit share that leaves one side of the split empty.</summary>
    public static ArgumentOutOfRangeException NothingLeft(float fraction, long rows, long training, long validation) =>
        new("ValidationFraction", fraction,
            $"ValidationFraction {fraction} of {rows} rows leaves {training} for training and {validation} for validation; both need at least one row.");

    /// <summary>Whether the training row at <paramref name="row"/> (its position in the whole training data) is held out:
    /// a draw that is a pure function of <paramref name="seed"/> and the position, so whoever reads a row (a stream, a
    /// worker holding one shard) decides alone, the same way whatever the order, the blocks or the worker count. About
    /// <paramref name="share"/> of the rows, and of each class in expectation (not stratified: no reader knows every label).</summary>
    /// <param name="seed">Seeds the draw.</param>
    /// <param name="row">The row's position in the training data, from 0.</param>
    /// <param name="share">The share to hold out, in [0, 1); 0 holds out nothing.</param>
    public static bool HeldOutByRow(ulong seed, long row, float share) =>
        share > 0f && CounterRandom.Uniform(CounterRandom.Key(seed, CounterRandom.HoldOutPurpose), (ulong)row) < share;
}
