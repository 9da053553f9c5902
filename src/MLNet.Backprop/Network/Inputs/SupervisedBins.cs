using System.Collections.Concurrent;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// Target-aware bin edges (<see cref="NumericBinning.Supervised"/>): per feature, a decision tree on that feature alone
/// and the label (Gorishniy et al. 2022's tree-based bins), grown best-first as scikit-learn grows a tree with
/// <c>max_leaf_nodes</c>: the leaf whose best split lowers the impurity most is split next, until the tree has
/// <c>bins</c> leaves (at most one fewer than the feature's distinct values) or no split is allowed. The edges are the
/// outer values given, the split thresholds and nothing else.
/// </summary>
/// <remarks>
/// Every step is sequential and ordered (rows by value then index; ties between splits to the leftmost), and the features
/// are independent, so the edges are bit-identical whatever the number of threads.
/// </remarks>
internal static class SupervisedBins
{
    /// <summary>The most rows a leaf must hold (rtdl_num_embeddings' example setting of <c>min_samples_leaf</c>).</summary>
    public const int LargestMinimumLeafRows = 64;

    /// <summary>The least decrease of the rows' mean impurity a split must bring (rtdl_num_embeddings' example
    /// <c>min_impurity_decrease</c>): entropy in bits, or the squared error of the standardised label.</summary>
    public const double MinimumDecrease = 1e-4;

    /// <summary>The fewest rows each side of a split keeps: 64, or ⌊n / (2T)⌋ (at least 1) when that is smaller, so that a
    /// small set can still have its T bins.</summary>
    public static int MinimumLeafRows(int rows, int bins) => Math.Clamp(rows / (2 * bins), 1, LargestMinimumLeafRows);

    /// <summary>The edges of up to <paramref name="bins"/> target-aware bins per column.</summary>
    /// <param name="features">Row-major, <paramref name="columns"/> finite values per row; only the rows in <paramref name="rows"/> are read.</param>
    /// <param name="columns">Columns; at least 1.</param>
    /// <param name="rows">The rows the trees learn from (indices into <paramref name="features"/>); at least 1.</param>
    /// <param name="labels">Per row of <paramref name="rows"/>: the class (0 … <paramref name="classes"/> − 1) or the regression label.</param>
    /// <param name="weights">Per row of <paramref name="rows"/>: its finite weight ≥ 0.</param>
    /// <param name="classes">Classes for classification (at least 2); 0 for regression.</param>
    /// <param name="bins">Most bins (leaves) per column; at least 1.</param>
    /// <param name="lowest">Per column, the first edge: at most every value of the column in <paramref name="rows"/>.</param>
    /// <param name="highest">Per column, the last edge: at least every value of the column in <paramref name="rows"/>.</param>
    /// <param name="threads">Columns computed at once (the result does not depend on it).</param>
    public static QuantileBins Compute(float[] features, int columns, int[] rows, float[] labels, double[] weights, int classes, int bins,
        float[] lowest, float[] highest, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (rows.Length == 0 || labels.Length != rows.Length || weights.Length != rows.Length)
            throw new ArgumentException($"{rows.Length} rows (at least 1) need as many labels ({labels.Length}) and weights ({weights.Length}).", nameof(rows));
        if (classes is 1 or < 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, "At least 2 classes, or 0 for regression.");
        if (lowest.Length != columns || highest.Length != columns) throw new ArgumentException($"One lowest and highest edge per column ({columns}) expected.", nameof(lowest));
        var targets = classes == 0 ? Standardized(labels, weights) : labels;
        int minimumLeaf = MinimumLeafRows(rows.Length, bins);
        var edges = new float[columns][];
        // One workspace per column computed at once, reused from column to column: a tree's row arrays are large (about
        // 23 bytes a row, on the large object heap), and fresh ones per column were most of a streamed fit's memory peak.
        var idle = new ConcurrentStack<Workspace>();
        Parallel.For(0, columns, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            if (!idle.TryPop(out var workspace)) workspace = new Workspace(rows.Length, classes);
            var values = workspace.Values;
            for (int i = 0; i < rows.Length; i++) values[i] = features[(long)rows[i] * columns + c];
            var thresholds = Thresholds(workspace, targets, weights, classes, bins, minimumLeaf);
            edges[c] = Edges(lowest[c], thresholds, highest[c]);
            idle.Push(workspace);
        });
        return new QuantileBins(edges) { Supervised = true };
    }

    /// <summary>The split thresholds of one feature's tree, ascending.</summary>
    /// <param name="values">The feature's value in each row.</param>
    /// <param name="labels">Each row's class, or its (standardised) regression label.</param>
    /// <param name="weights">Each row's weight.</param>
    /// <param name="classes">Classes, or 0 for regression.</param>
    /// <param name="leaves">Most leaves (and at most one fewer than the distinct values).</param>
    /// <param name="minimumLeaf">Fewest rows on each side of a split.</param>
    public static float[] Thresholds(float[] values, float[] labels, double[] weights, int classes, int leaves, int minimumLeaf)
    {
        var workspace = new Workspace(values.Length, classes);
        values.CopyTo(workspace.Values, 0);
        return Thresholds(workspace, labels, weights, classes, leaves, minimumLeaf);
    }

    // Thresholds of the values in workspace.Values (every entry is read, and every array written before it is read).
    private static float[] Thresholds(Workspace workspace, float[] labels, double[] weights, int classes, int leaves, int minimumLeaf)
    {
        var tree = new Tree(workspace, labels, weights, classes, minimumLeaf);
        var frontier = new List<Leaf> { tree.Best(0, tree.Groups) };
        // G distinct values encode as G points spanning G − 1 dimensions (the lowest encodes as all zeros): G − 1 bins
        // express every function of the feature, and a G-th would repeat the others (a 0/1 column: two equal bins).
        int most = Math.Min(leaves, Math.Max(1, tree.Groups - 1));
        while (frontier.Count < most)
        {
            // The leaf whose split lowers the impurity most; on a tie the leftmost (the frontier is kept in value order).
            int pick = -1;
            for (int i = 0; i < frontier.Count; i++)
                if (frontier[i].Decrease >= MinimumDecrease && (pick < 0 || frontier[i].Decrease > frontier[pick].Decrease)) pick = i;
            if (pick < 0) break;
            var split = frontier[pick];
            frontier[pick] = tree.Best(split.First, split.Split);
            frontier.Insert(pick + 1, tree.Best(split.Split, split.End));
        }
        var thresholds = new float[frontier.Count - 1];
        for (int i = 1; i < frontier.Count; i++) thresholds[i - 1] = tree.Threshold(frontier[i].First);
        return thresholds;
    }

    /// <summary>lowest, the thresholds strictly between it and highest, highest; one edge when lowest = highest.</summary>
    private static float[] Edges(float lowest, float[] thresholds, float highest)
    {
        var edges = new List<float>(thresholds.Length + 2) { lowest };
        foreach (float t in thresholds)
            if (t > edges[^1] && t < highest) edges.Add(t);
        if (highest > edges[^1]) edges.Add(highest);
        return [.. edges];
    }

    /// <summary>(y − mean) / sd, weighted; the labels as they are when they are constant (no split lowers their error).</summary>
    private static float[] Standardized(float[] labels, double[] weights)
    {
        double w = 0, sum = 0;
        for (int i = 0; i < labels.Length; i++) { w += weights[i]; sum += weights[i] * labels[i]; }
        if (!(w > 0)) return labels;
        double mean = sum / w, squares = 0;
        for (int i = 0; i < labels.Length; i++) squares += weights[i] * (labels[i] - mean) * (labels[i] - mean);
        double sd = Math.Sqrt(squares / w);
        if (!(sd > 0) || !double.IsFinite(sd)) return labels;
        var result = new float[labels.Length];
        for (int i = 0; i < labels.Length; i++) result[i] = (float)((labels[i] - mean) / sd);
        return result;
    }

    /// <summary>A leaf: groups [First, End) of distinct values, and its best split (before group Split) with the
    /// decrease it brings, 0 when it has none.</summary>
    private readonly record struct Leaf(int First, int End, int Split, double Decrease);

    /// <summary>The row arrays of one feature's tree, for one length of rows and one task, reused from feature to
    /// feature: <see cref="Values"/> is the feature's values, the rest the tree's (<see cref="Tree"/>).</summary>
    private sealed class Workspace(int rows, int classes)
    {
        public readonly float[] Values = new float[rows];
        public readonly ulong[] Keys = new ulong[rows];
        public readonly int[] Label = new int[classes > 0 ? rows : 0];
        public readonly float[] Target = new float[classes > 0 ? 0 : rows];
        public readonly double[] Weight = new double[rows];
        public readonly float[] GroupValue = new float[rows];
        public readonly int[] GroupStart = new int[rows + 1];
    }

    /// <summary>One feature's rows sorted by value (then by row, so that equal values keep a fixed order), in groups of
    /// equal values; a split falls between two groups. Its arrays are the workspace's, valid until the next tree there.</summary>
    private sealed class Tree
    {
        private readonly float[] _groupValue; // [0, Groups)
        private readonly int[] _groupStart; // rows of group g: [_groupStart[g], _groupStart[g + 1]) in sorted order
        private readonly int[] _label;
        private readonly float[] _target;
        private readonly double[] _weight;
        private readonly int _classes, _minimumLeaf, _groups;
        private readonly double _totalWeight;

        public Tree(Workspace workspace, float[] labels, double[] weights, int classes, int minimumLeaf)
        {
            var values = workspace.Values;
            int n = values.Length;
            var keys = workspace.Keys;
            for (int i = 0; i < n; i++) keys[i] = ((ulong)Sortable(values[i]) << 32) | (uint)i;
            Array.Sort(keys);
            _classes = classes;
            _minimumLeaf = minimumLeaf;
            _label = workspace.Label;
            _target = workspace.Target;
            _weight = workspace.Weight;
            _groupValue = workspace.GroupValue;
            _groupStart = workspace.GroupStart;
            for (int s = 0; s < n; s++)
            {
                int row = (int)(uint)keys[s];
                if (_groups == 0 || values[row] != _groupValue[_groups - 1])
                {
                    _groupValue[_groups] = values[row];
                    _groupStart[_groups++] = s;
                }
                if (classes > 0) _label[s] = (int)labels[row];
                else _target[s] = labels[row];
                _weight[s] = weights[row];
                _totalWeight += weights[row];
            }
            _groupStart[_groups] = n;
        }

        public int Groups => _groups;

        /// <summary>Midway between the last value left of group <paramref name="group"/> and its own, in float; the
        /// upper value when the midpoint rounds to the lower (two neighbouring floats).</summary>
        public float Threshold(int group)
        {
            float below = _groupValue[group - 1], above = _groupValue[group];
            float middle = (float)(((double)below + above) / 2);
            return middle > below ? middle : above;
        }

        /// <summary>Leaf [first, end)'s best split: the largest decrease of Σ weight × impurity ÷ the tree's weight, on a
        /// tie the lowest threshold.</summary>
        public Leaf Best(int first, int end)
        {
            int rows = _groupStart[end] - _groupStart[first];
            if (end - first < 2 || rows < 2 * _minimumLeaf || !(_totalWeight > 0)) return new Leaf(first, end, first, 0);
            return _classes > 0 ? BestClassSplit(first, end) : BestRegressionSplit(first, end);
        }

        private Leaf BestClassSplit(int first, int end)
        {
            var left = new double[_classes];
            var total = new double[_classes];
            for (int s = _groupStart[first]; s < _groupStart[end]; s++) total[_label[s]] += _weight[s];
            double parent = Cost(total, null);
            int bestSplit = first;
            double best = 0;
            for (int g = first + 1; g < end; g++)
            {
                for (int s = _groupStart[g - 1]; s < _groupStart[g]; s++) left[_label[s]] += _weight[s];
                if (!Allowed(first, g, end)) continue;
                double decrease = (parent - Cost(left, null) - Cost(total, left)) / _totalWeight;
                if (decrease > best) (best, bestSplit) = (decrease, g);
            }
            return new Leaf(first, end, bestSplit, best);
        }

        private Leaf BestRegressionSplit(int first, int end)
        {
            double w = 0, wy = 0, wyy = 0;
            for (int s = _groupStart[first]; s < _groupStart[end]; s++) Add(s, ref w, ref wy, ref wyy);
            double parent = SquaredError(w, wy, wyy);
            double lw = 0, lwy = 0, lwyy = 0;
            int bestSplit = first;
            double best = 0;
            for (int g = first + 1; g < end; g++)
            {
                for (int s = _groupStart[g - 1]; s < _groupStart[g]; s++) Add(s, ref lw, ref lwy, ref lwyy);
                if (!Allowed(first, g, end)) continue;
                double decrease = (parent - SquaredError(lw, lwy, lwyy) - SquaredError(w - lw, wy - lwy, wyy - lwyy)) / _totalWeight;
                if (decrease > best) (best, bestSplit) = (decrease, g);
            }
            return new Leaf(first, end, bestSplit, best);
        }

        private void Add(int s, ref double w, ref double wy, ref double wyy)
        {
            double weight = _weight[s], y = _target[s];
            w += weight;
            wy += weight * y;
            wyy += weight * y * y;
        }

        private bool Allowed(int first, int split, int end) =>
            _groupStart[split] - _groupStart[first] >= _minimumLeaf && _groupStart[end] - _groupStart[split] >= _minimumLeaf;

        /// <summary>Σ weight × entropy (bits) of the class weights <paramref name="all"/> minus <paramref name="less"/>
        /// (if given): W·log₂W − Σ w_c·log₂w_c.</summary>
        private double Cost(double[] all, double[]? less)
        {
            double total = 0, sum = 0;
            for (int c = 0; c < _classes; c++)
            {
                double w = less is null ? all[c] : all[c] - less[c];
                if (!(w > 0)) continue;
                total += w;
                sum += w * Math.Log2(w);
            }
            return total > 0 ? total * Math.Log2(total) - sum : 0;
        }

        /// <summary>Σ w (y − ȳ)² from the sums; never below 0 (rounding).</summary>
        private static double SquaredError(double w, double wy, double wyy) => w > 0 ? Math.Max(0, wyy - wy * wy / w) : 0;

        /// <summary>The float's bits, ordered as the values are (−0 just before +0: one group, as they are equal).</summary>
        private static uint Sortable(float value)
        {
            uint bits = BitConverter.SingleToUInt32Bits(value);
            return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        }
    }
}
