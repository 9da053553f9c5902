using System.Numerics.Tensors;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>
/// Examples in contiguous memory: features row-major (rows × columns), targets row-major (rows × target width),
/// optional per-example weights. The values were checked row by row when they were read (the data reader names the
/// column, row and slot of a bad value); the shapes are checked here.
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
    /// <param name="keys">rows × <paramref name="keyColumns"/> key values (1-based, 0 = missing) of the categorical
    /// columns, row-major, or null for none.</param>
    /// <param name="keyColumns">Categorical columns per row.</param>
    /// <exception cref="ArgumentException">A shape does not match, or a value is NaN or infinite (the message names the row and column).</exception>
    public TrainingData(float[] features, int rows, int columns, float[] targets, int targetWidth = 1, float[]? weights = null, int[]? keys = null,
        int keyColumns = 0)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (rows < 1) throw new ArgumentException($"Training data is empty: at least one row is needed, got {rows}.", nameof(rows));
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "At least one feature column is needed.");
        if (targetWidth < 1) throw new ArgumentOutOfRangeException(nameof(targetWidth), targetWidth, "Target width must be at least 1.");
        if (features.Length != (long)rows * columns)
            throw new ArgumentException($"features holds {features.Length} values; {rows} rows × {columns} columns = {(long)rows * columns} expected.", nameof(features));
        if (targets.Length != (long)rows * targetWidth)
            throw new ArgumentException($"targets holds {targets.Length} values; {rows} rows × {targetWidth} = {(long)rows * targetWidth} expected.", nameof(targets));
        if (weights is not null && weights.Length != rows)
            throw new ArgumentException($"weights holds {weights.Length} values; one per row ({rows}) expected.", nameof(weights));
        if ((keys?.Length ?? 0) != (long)rows * keyColumns)
            throw new ArgumentException($"keys holds {keys?.Length ?? 0} values; {rows} rows × {keyColumns} key columns expected.", nameof(keys));
        Keys = keys ?? [];
        KeyColumns = keyColumns;
        Features = features;
        Rows = rows;
        Columns = columns;
        Targets = targets;
        TargetWidth = targetWidth;
        Weights = weights;
    }

    /// <summary>rows × columns features, row-major.</summary>
    public float[] Features { get; }

    /// <summary>Number of examples.</summary>
    public int Rows { get; }

    /// <summary>Features per example (the dense block's width).</summary>
    public int Columns { get; }

    /// <summary>rows × <see cref="KeyColumns"/> key values of the categorical columns (1-based, 0 = missing); empty without.</summary>
    public int[] Keys { get; }

    /// <summary>Categorical columns per row.</summary>
    public int KeyColumns { get; }

    /// <summary>What a row's input carries: a dense block of <see cref="Columns"/> values and <see cref="KeyColumns"/> keys.</summary>
    public InputShape Inputs => _inputs ??= new InputShape(Columns, KeyColumns: KeyColumns);

    private InputShape? _inputs;

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 as the input stage reads them.</summary>
    public InputView View(int start, int count) =>
        new(count, Features.AsSpan(start * Columns, count * Columns), keys: Keys.AsSpan(start * KeyColumns, count * KeyColumns));

    /// <summary>rows × <see cref="TargetWidth"/> targets.</summary>
    public float[] Targets { get; }

    /// <summary>Values per target row.</summary>
    public int TargetWidth { get; }

    /// <summary>Per-example weights, or null for all 1.</summary>
    public float[]? Weights { get; }

    /// <summary>The largest |feature value| of all rows, computed once (it bounds the network's outputs, see
    /// <see cref="Network.OutputBound"/>).</summary>
    public double MaxAbsFeature => _maxAbsFeature ??= Math.Abs((double)TensorPrimitives.MaxMagnitude(Features));

    private double? _maxAbsFeature;

    /// <summary>A new data set made of the given rows, in that order.</summary>
    public TrainingData Select(IReadOnlyList<int> rows)
    {
        var features = new float[(long)rows.Count * Columns];
        var targets = new float[(long)rows.Count * TargetWidth];
        var weights = Weights is null ? null : new float[rows.Count];
        var keys = new int[(long)rows.Count * KeyColumns];
        for (int i = 0; i < rows.Count; i++)
        {
            int r = rows[i];
            Array.Copy(Features, (long)r * Columns, features, (long)i * Columns, Columns);
            Array.Copy(Targets, (long)r * TargetWidth, targets, (long)i * TargetWidth, TargetWidth);
            Array.Copy(Keys, (long)r * KeyColumns, keys, (long)i * KeyColumns, KeyColumns);
            if (weights is not null) weights[i] = Weights![r];
        }
        return new TrainingData(features, rows.Count, Columns, targets, TargetWidth, weights, keys, KeyColumns);
    }
}
