namespace MLNet.Backprop.Training;

/// <summary>
/// The fixed binary tree over a step's micro-batch indices [0, M) in which the micro-batch mode adds their gradient
/// sums: node [lo, hi) is the sum of [lo, lo + p) and [lo + p, hi), p the largest power of two below hi − lo.
/// </summary>
/// <remarks>
/// Whoever adds a node (one thread, a worker for the block it was given, or the coordinator) adds the same two operands,
/// so the root has the same bits for any split of the micro-batches among threads or machines, any reassignment and any
/// duplicate result. A worker given the block [a, b) returns <see cref="Cover"/>: the largest tree nodes inside it (about
/// one per worker when blocks follow the tree, at most 2·log₂ M otherwise).
/// </remarks>
internal static class ReductionTree
{
    /// <summary>Where node [lo, hi) splits (hi − lo ≥ 2).</summary>
    public static int Split(int lo, int hi)
    {
        int p = 1;
        while (p * 2 < hi - lo) p *= 2;
        return lo + p;
    }

    /// <summary>The maximal nodes of the tree over [0, <paramref name="count"/>) inside the block [a, b), left to right.</summary>
    public static List<(int Lo, int Hi)> Cover(int a, int b, int count)
    {
        var nodes = new List<(int, int)>();
        Walk(0, count);
        return nodes;

        void Walk(int lo, int hi)
        {
            if (hi <= a || lo >= b) return;
            if (a <= lo && hi <= b)
            {
                nodes.Add((lo, hi));
                return;
            }
            int mid = Split(lo, hi);
            Walk(lo, mid);
            Walk(mid, hi);
        }
    }

    /// <summary>Node [lo, hi) from known nodes (leaves or larger ones), adding the right operand into the left one.</summary>
    /// <exception cref="InvalidOperationException">A leaf of [lo, hi) is not known.</exception>
    public static T Reduce<T>(int lo, int hi, IReadOnlyDictionary<(int Lo, int Hi), T> known, Func<T, T, T> add)
    {
        if (known.TryGetValue((lo, hi), out var node)) return node;
        if (hi - lo <= 1) throw new InvalidOperationException($"The result of micro-batch {lo} is missing.");
        int mid = Split(lo, hi);
        var left = Reduce(lo, mid, known, add);
        var right = Reduce(mid, hi, known, add);
        return add(left, right);
    }
}
