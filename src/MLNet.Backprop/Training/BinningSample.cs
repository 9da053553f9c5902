using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>
/// The rows the bin edges of <see cref="NumericEncoding.PiecewiseLinear"/> are learnt from when the training rows are not
/// held in memory (LightGBM's <c>bin_construct_sample_cnt</c>): at most <see cref="MaxRows"/> of them, each row's
/// dense features, label and weight, chosen by a pure function of (seed, row index): the rows whose
/// <see cref="Priority"/> is among the <see cref="MaxRows"/> lowest. Every row is kept when there are no more than that,
/// so the edges are then those of the in-memory fit. The choice depends on the row indices only, never on the order the
/// rows are offered in nor on who reads them: a cluster's coordinator knows which rows to read (<see cref="RowsOf"/>)
/// without reading the others.
/// </summary>
internal sealed class BinningSample
{
    /// <summary>The most rows kept (LightGBM's default <c>bin_construct_sample_cnt</c>): the sample holds at most
    /// 200,000 × (features + 2) values.</summary>
    public const int MaxRows = 200_000;

    private const ulong Purpose = 0x42494E53UL; // "BINS"

    private readonly int _columns, _capacity;
    private readonly ulong _key;
    private float[] _features = [];
    private float[] _labels = [];
    private float[] _weights = [];
    private long[] _rowOf = [];
    private ulong[] _priorityOf = [];
    // Max-heap of slots by (priority, row): the root is the first row to give way.
    private int[] _heap = [];
    private int _count;

    /// <param name="columns">Features per row (0 for none).</param>
    /// <param name="seed">The run's seed: the rows chosen depend on it.</param>
    /// <param name="capacity">The most rows kept; <see cref="MaxRows"/> but in tests.</param>
    public BinningSample(int columns, int seed, int capacity = MaxRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _columns = columns;
        _capacity = capacity;
        _key = CounterRandom.Key((ulong)seed, Purpose);
    }

    /// <summary>Features per row.</summary>
    public int Columns => _columns;

    /// <summary>Rows kept.</summary>
    public int Count => _count;

    /// <summary>Room for the rows of a pass whose row count is known (<paramref name="rows"/>, at most the capacity), at
    /// once: no copies of a growing storage, whose garbage would add up to about as much again.</summary>
    public void Reserve(long rows)
    {
        if (rows > _labels.Length) Grow((int)Math.Min(_capacity, rows), exactly: true);
    }

    /// <summary>Rows the storage has room for (grown as rows come, never beyond the capacity).</summary>
    public int AllocatedRows => _labels.Length;

    /// <summary>Rows offered.</summary>
    public long Offered { get; private set; }

    /// <summary>The rank of row <paramref name="row"/> in the choice: the rows of lowest priority are kept (ties, which
    /// need a 64-bit collision, go to the lower row index).</summary>
    public ulong Priority(long row) => CounterRandom.Bits(_key, (ulong)row);

    /// <summary>Offers row <paramref name="row"/> (its index among all the training rows, each offered once).</summary>
    public void Add(long row, ReadOnlySpan<float> features, float label, float weight)
    {
        if (features.Length != _columns) throw new ArgumentException($"{features.Length} features; {_columns} expected.", nameof(features));
        Offered++;
        Keep(row, Priority(row), features, label, weight);
    }

    /// <summary>The rows (ascending) a sample of <paramref name="rows"/> rows numbered 0 … rows − 1 keeps.</summary>
    public static long[] RowsOf(long rows, int seed, int capacity = MaxRows)
    {
        var sample = new BinningSample(0, seed, capacity);
        for (long r = 0; r < rows; r++) sample.Add(r, [], 0f, 0f);
        return sample.InRowOrder().Rows;
    }

    /// <summary>The rows kept, in increasing row index: their features (row-major), labels, weights and indices.</summary>
    public (float[] Features, float[] Labels, float[] Weights, long[] Rows) InRowOrder()
    {
        var slots = Enumerable.Range(0, _count).ToArray();
        Array.Sort(_rowOf[.._count], slots);
        var features = new float[(long)_count * _columns];
        var labels = new float[_count];
        var weights = new float[_count];
        var rows = new long[_count];
        for (int i = 0; i < _count; i++)
        {
            int s = slots[i];
            FeaturesOf(s).CopyTo(features.AsSpan((int)((long)i * _columns), _columns));
            labels[i] = _labels[s];
            weights[i] = _weights[s];
            rows[i] = _rowOf[s];
        }
        return (features, labels, weights, rows);
    }

    /// <summary>The rows kept, in increasing row index, as training data (with their weights when <paramref name="weighted"/>),
    /// and their indices: <see cref="InRowOrder"/>'s values, but the features are the sample's own storage put in row
    /// order in place, not a copy (a second copy of the sample was the largest array of a streamed fit's peak). The
    /// sample is empty afterwards.</summary>
    public (TrainingData Data, long[] Rows) TakeTrainingData(bool weighted)
    {
        int count = _count;
        var slots = Enumerable.Range(0, count).ToArray();
        var rows = _rowOf[..count];
        Array.Sort(rows, slots); // the row indices are distinct: one order
        var labels = new float[count];
        var weights = new float[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = _labels[slots[i]];
            weights[i] = _weights[slots[i]];
        }
        PermuteRows(_features, _columns, slots, count);
        var features = _features;
        if (features.Length != (long)count * _columns) Array.Resize(ref features, count * _columns); // storage grown beyond the rows kept
        _features = [];
        _labels = [];
        _weights = [];
        _rowOf = [];
        _priorityOf = [];
        _heap = [];
        _count = 0;
        return (new TrainingData(features, count, _columns, labels, weights: weighted ? weights : null), rows);
    }

    /// <summary>Moves row <c>order[i]</c> of <paramref name="features"/> (row-major, <paramref name="columns"/> a row) to
    /// row i, for i &lt; <paramref name="count"/>, in place: each cycle of the permutation is followed once, its first row
    /// held aside.</summary>
    private static void PermuteRows(float[] features, int columns, int[] order, int count)
    {
        if (columns == 0) return;
        var held = new float[columns];
        var placed = new bool[count];
        for (int start = 0; start < count; start++)
        {
            if (placed[start]) continue;
            placed[start] = true;
            if (order[start] == start) continue;
            Row(features, start, columns).CopyTo(held);
            int to = start;
            for (int from = order[to]; from != start; to = from, from = order[to])
            {
                Row(features, from, columns).CopyTo(Row(features, to, columns));
                placed[from] = true;
            }
            held.CopyTo(Row(features, to, columns));
        }
    }

    private static Span<float> Row(float[] features, int row, int columns) => features.AsSpan((int)((long)row * columns), columns);

    private void Keep(long row, ulong priority, ReadOnlySpan<float> features, float label, float weight)
    {
        int slot;
        if (_count < _capacity)
        {
            slot = _count++;
            Grow(_count);
            _heap[slot] = slot;
            Store(slot, row, priority, features, label, weight);
            SiftUp(slot);
            return;
        }
        slot = _heap[0];
        if (!Before(priority, row, _priorityOf[slot], _rowOf[slot])) return;
        Store(slot, row, priority, features, label, weight);
        SiftDown(0);
    }

    private ReadOnlySpan<float> FeaturesOf(int slot) => _features.AsSpan((int)((long)slot * _columns), _columns);

    private void Store(int slot, long row, ulong priority, ReadOnlySpan<float> features, float label, float weight)
    {
        features.CopyTo(_features.AsSpan((int)((long)slot * _columns), _columns));
        _labels[slot] = label;
        _weights[slot] = weight;
        _rowOf[slot] = row;
        _priorityOf[slot] = priority;
    }

    /// <summary>Room for <paramref name="rows"/> rows, doubling up to the capacity (a small set never takes the cap's
    /// memory), or <paramref name="exactly"/> that many.</summary>
    private void Grow(int rows, bool exactly = false)
    {
        if (rows <= _labels.Length) return;
        int size = exactly ? rows : (int)Math.Min(_capacity, Math.Max(1024L, 2L * _labels.Length));
        if ((long)size * _columns > Array.MaxLength)
            throw new InvalidOperationException($"The bin edges' sample of {size:N0} rows × {_columns:N0} features exceeds the largest array; " +
                "use fewer features with NumericEncoding.PiecewiseLinear, or train in memory.");
        Array.Resize(ref _features, size * _columns);
        Array.Resize(ref _labels, size);
        Array.Resize(ref _weights, size);
        Array.Resize(ref _rowOf, size);
        Array.Resize(ref _priorityOf, size);
        Array.Resize(ref _heap, size);
    }

    private static bool Before(ulong priority, long row, ulong otherPriority, long otherRow) =>
        priority < otherPriority || (priority == otherPriority && row < otherRow);

    private bool Above(int a, int b) => Before(_priorityOf[_heap[b]], _rowOf[_heap[b]], _priorityOf[_heap[a]], _rowOf[_heap[a]]);

    private void SiftUp(int at)
    {
        while (at > 0)
        {
            int parent = (at - 1) / 2;
            if (!Above(at, parent)) return;
            (_heap[at], _heap[parent]) = (_heap[parent], _heap[at]);
            at = parent;
        }
    }

    private void SiftDown(int at)
    {
        while (true)
        {
            int largest = at, left = 2 * at + 1, right = left + 1;
            if (left < _count && Above(left, largest)) largest = left;
            if (right < _count && Above(right, largest)) largest = right;
            if (largest == at) return;
            (_heap[at], _heap[largest]) = (_heap[largest], _heap[at]);
            at = largest;
        }
    }
}
