using System.Numerics.Tensors;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>
/// Examples in contiguous memory: features row-major (rows × columns) or, for sparse data, in CSR form (each row's
/// non-zero slots and values, <see cref="Sparse"/>); targets row-major (rows × target width), optional per-example
/// weights. The values were checked row by row when they were read (the data reader names the column, row and slot of
/// a bad value); the shapes are checked here.
/// </summary>
internal sealed class TrainingData
{
    /// <summary>Wraps the arrays (not copied) after checking shapes and values.</summary>
    /// <param name="features">rows × columns finite values within ±<see cref="FeatureLimits.MaxMagnitude"/> (checked by the reader).</param>
    /// <param name="rows">Number of examples; at least 1.</param>
    /// <param name="columns">Number of features per example; at least 1.</param>
    /// <param name="targets">rows × targetWidth finite values.</param>
    /// <param name="targetWidth">Values per target: 1 for binary, class index or single regression; K for multi-output.</param>
    /// <param name="weights">Per-example weights (finite, ≥ 0: checked by the reader), or null for all 1.</param>
    /// <param name="keys">rows × <paramref name="keyColumns"/> key values of the categorical columns (1-based, 0 = missing), or null for none.</param>
    /// <param name="keyColumns">Categorical columns per row.</param>
    /// <exception cref="ArgumentException">A shape does not match, or a value is NaN or infinite (the message names the row and column).</exception>
    public TrainingData(float[] features, int rows, int columns, float[] targets, int targetWidth = 1, float[]? weights = null, int[]? keys = null,
        int keyColumns = 0)
        : this(features, rows, columns, targets, targetWidth, weights, keys, keyColumns, checkDense: true)
    {
    }

    private TrainingData(float[] features, int rows, int columns, float[] targets, int targetWidth, float[]? weights, int[]? keys, int keyColumns,
        bool checkDense)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (rows < 1) throw new ArgumentException($"Training data is empty: at least one row is needed, got {rows}.", nameof(rows));
        if (columns < (keyColumns > 0 ? 0 : 1)) throw new ArgumentOutOfRangeException(nameof(columns), columns, "At least one feature column (or a categorical one) is needed.");
        if (targetWidth < 1) throw new ArgumentOutOfRangeException(nameof(targetWidth), targetWidth, "Target width must be at least 1.");
        if (checkDense && features.Length != (long)rows * columns)
            throw new ArgumentException($"features holds {features.Length} values; {rows} rows × {columns} columns = {(long)rows * columns} expected.", nameof(features));
        if (targets.Length != (long)rows * targetWidth)
            throw new ArgumentException($"targets holds {targets.Length} values; {rows} rows × {targetWidth} = {(long)rows * targetWidth} expected.", nameof(targets));
        if (weights is not null && weights.Length != rows)
            throw new ArgumentException($"weights holds {weights.Length} values; one per row ({rows}) expected.", nameof(weights));
        if ((keys?.Length ?? 0) != (long)rows * keyColumns)
            throw new ArgumentException($"keys holds {keys?.Length ?? 0} values; {rows} rows × {keyColumns} key columns expected.", nameof(keys));
        Keys = keys ?? [];
        KeyColumns = keyColumns;
        _features = features;
        Rows = rows;
        Columns = columns;
        Targets = targets;
        TargetWidth = targetWidth;
        Weights = weights;
    }

    /// <summary>Wraps sparse rows in CSR form (not copied) after checking their shape.</summary>
    /// <param name="offsets">rows + 1 positions into <paramref name="indices"/> and <paramref name="values"/>: row r's
    /// entries are [offsets[r], offsets[r + 1]); offsets[0] = 0.</param>
    /// <param name="indices">Each entry's slot, in [0, columns), increasing within a row.</param>
    /// <param name="values">Each entry's value (finite, checked by the reader).</param>
    /// <param name="rows">Number of examples; at least 1.</param>
    /// <param name="columns">Slots per example; at least 1.</param>
    /// <param name="targets">rows × targetWidth finite values.</param>
    /// <param name="targetWidth">Values per target.</param>
    /// <param name="weights">Per-example weights, or null for all 1.</param>
    /// <param name="keys">rows × <paramref name="keyColumns"/> key values, or null for none.</param>
    /// <param name="keyColumns">Categorical columns per row.</param>
    public static TrainingData Sparse(int[] offsets, int[] indices, float[] values, int rows, int columns, float[] targets, int targetWidth = 1,
        float[]? weights = null, int[]? keys = null, int keyColumns = 0)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (offsets.Length != (long)rows + 1 || offsets[0] != 0)
            throw new ArgumentException($"offsets holds {offsets.Length} positions starting at {(offsets.Length > 0 ? offsets[0] : 0)}; {rows} + 1 starting at 0 expected.", nameof(offsets));
        int entries = offsets[rows];
        if (indices.Length < entries || values.Length < entries)
            throw new ArgumentException($"The offsets name {entries} entries; indices holds {indices.Length} and values {values.Length}.", nameof(indices));
        for (int r = 0; r < rows; r++)
        {
            if (offsets[r + 1] < offsets[r]) throw new ArgumentException($"offsets decrease at row {r}.", nameof(offsets));
            for (int k = offsets[r]; k < offsets[r + 1]; k++)
                if ((uint)indices[k] >= (uint)columns || (k > offsets[r] && indices[k] <= indices[k - 1]))
                    throw new ArgumentException($"Row {r} names slot {indices[k]}; slots must be increasing within a row and in [0, {columns}).", nameof(indices));
        }
        return new TrainingData([], rows, columns, targets, targetWidth, weights, keys, keyColumns, (offsets, indices, values));
    }

    private TrainingData(float[] features, int rows, int columns, float[] targets, int targetWidth, float[]? weights, int[]? keys, int keyColumns,
        (int[] Offsets, int[] Indices, float[] Values) sparse) : this(features, rows, columns, targets, targetWidth, weights, keys, keyColumns, checkDense: false)
    {
        _sparse = sparse;
    }

    private readonly (int[] Offsets, int[] Indices, float[] Values)? _sparse;

    /// <summary>True when the rows are held in CSR form (<see cref="SparseOffsets"/>, ...) instead of <see cref="Features"/>.</summary>
    public bool IsSparse => _sparse is not null;

    /// <summary>Sparse rows: rows + 1 positions into <see cref="SparseIndices"/> and <see cref="SparseValues"/>.</summary>
    public int[] SparseOffsets => _sparse?.Offsets ?? throw NotSparse();

    /// <summary>Sparse rows: each entry's slot.</summary>
    public int[] SparseIndices => _sparse?.Indices ?? throw NotSparse();

    /// <summary>Sparse rows: each entry's value.</summary>
    public float[] SparseValues => _sparse?.Values ?? throw NotSparse();

    /// <summary>Entries held (sparse rows), or values held (dense rows).</summary>
    public long StoredValues => _sparse is { } s ? s.Offsets[Rows] : (long)Rows * Columns;

    private static InvalidOperationException NotSparse() => new("The rows are dense: read Features.");

    /// <summary>rows × columns features, row-major (dense rows only: sparse rows are read through <see cref="View"/>).</summary>
    public float[] Features => _sparse is null ? _features : throw new InvalidOperationException("The rows are sparse (CSR): read them through View or SparseValues.");

    private readonly float[] _features;

    /// <summary>Number of examples.</summary>
    public int Rows { get; }

    /// <summary>Features per example (the dense block's width).</summary>
    public int Columns { get; }

    /// <summary>rows × <see cref="KeyColumns"/> key values of the categorical columns (1-based, 0 = missing); empty without.</summary>
    public int[] Keys { get; }

    /// <summary>Categorical columns per row.</summary>
    public int KeyColumns { get; }

    /// <summary>What a row's input carries: one dense block of <see cref="Columns"/> values, or a sparse block of that many
    /// slots, and <see cref="KeyColumns"/> keys.</summary>
    public InputShape Inputs => _inputs ??= IsSparse ? new InputShape(DenseWidth: 0, SparseWidth: Columns, KeyColumns: KeyColumns)
        : new InputShape(Columns, KeyColumns: KeyColumns);

    private InputShape? _inputs;

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 as the input stage reads them.</summary>
    public InputView View(int start, int count) => _sparse is { } s
        ? new InputView(count, default, s.Offsets.AsSpan(start, count + 1), s.Indices, s.Values, Keys.AsSpan(start * KeyColumns, count * KeyColumns))
        : new InputView(count, _features.AsSpan(start * Columns, count * Columns), keys: Keys.AsSpan(start * KeyColumns, count * KeyColumns));

    /// <summary>rows × <see cref="TargetWidth"/> targets.</summary>
    public float[] Targets { get; }

    /// <summary>Values per target row.</summary>
    public int TargetWidth { get; }

    /// <summary>Per-example weights, or null for all 1.</summary>
    public float[]? Weights { get; }

    /// <summary>The largest |feature value| of all rows, computed once (it bounds the network's outputs, see
    /// <see cref="Network.OutputBound"/>).</summary>
    public double MaxAbsFeature => _maxAbsFeature ??= _sparse is { } s
        ? (s.Offsets[Rows] == 0 ? 0 : Math.Abs((double)TensorPrimitives.MaxMagnitude(s.Values.AsSpan(0, s.Offsets[Rows]))))
        : _features.Length == 0 ? 0 : Math.Abs((double)TensorPrimitives.MaxMagnitude(_features));

    private double? _maxAbsFeature;

    /// <summary>A new data set made of the given rows, in that order.</summary>
    public TrainingData Select(IReadOnlyList<int> rows)
    {
        if (_sparse is { } sparse) return SelectSparse(rows, sparse);
        var features = new float[(long)rows.Count * Columns];
        var targets = new float[(long)rows.Count * TargetWidth];
        var weights = Weights is null ? null : new float[rows.Count];
        var keys = SelectKeys(rows);
        for (int i = 0; i < rows.Count; i++)
        {
            int r = rows[i];
            Array.Copy(Features, (long)r * Columns, features, (long)i * Columns, Columns);
            Array.Copy(Targets, (long)r * TargetWidth, targets, (long)i * TargetWidth, TargetWidth);
            if (weights is not null) weights[i] = Weights![r];
        }
        return new TrainingData(features, rows.Count, Columns, targets, TargetWidth, weights, keys, KeyColumns);
    }

    private int[] SelectKeys(IReadOnlyList<int> rows)
    {
        var keys = new int[(long)rows.Count * KeyColumns];
        for (int i = 0; i < rows.Count && KeyColumns > 0; i++) Array.Copy(Keys, (long)rows[i] * KeyColumns, keys, (long)i * KeyColumns, KeyColumns);
        return keys;
    }

    private TrainingData SelectSparse(IReadOnlyList<int> rows, (int[] Offsets, int[] Indices, float[] Values) s)
    {
        var offsets = new int[rows.Count + 1];
        for (int i = 0; i < rows.Count; i++) offsets[i + 1] = checked(offsets[i] + s.Offsets[rows[i] + 1] - s.Offsets[rows[i]]);
        var indices = new int[offsets[^1]];
        var values = new float[offsets[^1]];
        var targets = new float[(long)rows.Count * TargetWidth];
        var weights = Weights is null ? null : new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            int r = rows[i], from = s.Offsets[r], count = s.Offsets[r + 1] - from;
            Array.Copy(s.Indices, from, indices, offsets[i], count);
            Array.Copy(s.Values, from, values, offsets[i], count);
            Array.Copy(Targets, (long)r * TargetWidth, targets, (long)i * TargetWidth, TargetWidth);
            if (weights is not null) weights[i] = Weights![r];
        }
        return Sparse(offsets, indices, values, rows.Count, Columns, targets, TargetWidth, weights, SelectKeys(rows), KeyColumns);
    }

    /// <summary>The same rows in the form <paramref name="inputs"/> asks for (this object when they already are): sparse
    /// rows made dense, or dense rows made sparse (their non-zero values).</summary>
    /// <exception cref="InvalidOperationException">Dense rows would not fit in one array (the message names the sizes).</exception>
    public TrainingData As(InputShape inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs == Inputs) return this;
        int width = inputs.DenseWidth + inputs.SparseWidth;
        if (width != Columns || inputs.KeyColumns != KeyColumns || (inputs.DenseWidth > 0 && inputs.SparseWidth > 0))
            throw new ArgumentException($"Rows of {Inputs} cannot be served as {inputs}.", nameof(inputs));
        return inputs.SparseWidth > 0 ? ToSparse() : ToDense();
    }

    private TrainingData ToDense()
    {
        var s = _sparse!.Value;
        long size = (long)Rows * Columns;
        if (size > Array.MaxLength)
            throw new InvalidOperationException($"{Rows:N0} rows × {Columns:N0} features = {size:N0} values do not fit in one array as dense rows; " +
                "leave SparseInput automatic or set it to true (the rows stay sparse).");
        var features = new float[size];
        for (int r = 0; r < Rows; r++)
            for (int k = s.Offsets[r]; k < s.Offsets[r + 1]; k++) features[(long)r * Columns + s.Indices[k]] = s.Values[k];
        return new TrainingData(features, Rows, Columns, Targets, TargetWidth, Weights, Keys, KeyColumns);
    }

    private TrainingData ToSparse()
    {
        var offsets = new int[Rows + 1];
        long entries = 0;
        for (int r = 0; r < Rows; r++)
        {
            var row = _features.AsSpan(r * Columns, Columns);
            entries += Columns - row.Count(0f);
            if (entries > Array.MaxLength)
                throw new InvalidOperationException($"The {Rows:N0} rows hold more than {Array.MaxLength:N0} non-zero values, more than one array holds as sparse rows.");
            offsets[r + 1] = (int)entries;
        }
        var indices = new int[entries];
        var values = new float[entries];
        for (int r = 0, k = 0; r < Rows; r++)
        {
            var row = _features.AsSpan(r * Columns, Columns);
            for (int c = 0; c < Columns; c++)
            {
                if (row[c] == 0f) continue;
                indices[k] = c;
                values[k++] = row[c];
            }
        }
        return Sparse(offsets, indices, values, Rows, Columns, Targets, TargetWidth, Weights, Keys, KeyColumns);
    }
}
