using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>
/// An epoch's row order with the classes equally represented: each class gets ⌈n / C⌉ slots, filled by passes over its
/// rows in a fresh random order (a rare class is repeated, a common one sampled without replacement, a different part
/// every epoch), and the classes are interleaved round-robin, so that every mini-batch of b rows holds ⌊b / C⌋ or
/// ⌈b / C⌉ rows of each class. The epoch keeps n rows. Everything is drawn from the trainer's one shuffling stream,
/// so the order depends on the seed alone, not on the thread count.
/// </summary>
internal sealed class BalancedOrder
{
    private readonly int[][] _classes;
    private readonly int _rows;

    /// <param name="rows">The rows served (data row indices).</param>
    /// <param name="classOf">A row's class (its target: 0/1 or a class index).</param>
    public BalancedOrder(ReadOnlySpan<int> rows, Func<int, float> classOf)
    {
        var byClass = new SortedDictionary<float, List<int>>();
        foreach (int row in rows)
        {
            float c = classOf(row);
            if (!byClass.TryGetValue(c, out var list)) byClass[c] = list = [];
            list.Add(row);
        }
        _classes = byClass.Values.Select(l => l.ToArray()).ToArray();
        _rows = rows.Length;
    }

    /// <summary>Classes present in the rows.</summary>
    public int Classes => _classes.Length;

    /// <summary>Writes the epoch's order into <paramref name="order"/> (n rows); <paramref name="rng"/> null keeps
    /// each class's rows in data order.</summary>
    public void Fill(Span<int> order, Rng? rng)
    {
        int classes = _classes.Length;
        int perClass = (_rows + classes - 1) / classes;
        var picks = new int[classes][];
        for (int c = 0; c < classes; c++)
        {
            var pool = (int[])_classes[c].Clone();
            var pick = picks[c] = new int[perClass];
            for (int filled = 0; filled < perClass; filled += pool.Length)
            {
                rng?.Shuffle(pool);
                pool.AsSpan(0, Math.Min(pool.Length, perClass - filled)).CopyTo(pick.AsSpan(filled));
            }
        }
        for (int i = 0; i < order.Length; i++) order[i] = picks[i % classes][i / classes];
    }
}
