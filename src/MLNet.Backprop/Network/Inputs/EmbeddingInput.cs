using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// An entity embedding of one categorical (key) column: a learned table E of (keys + 1) × width values, row k for key
/// k and row 0 for a missing key or a key beyond those trained (so a new key scores with the learned "unknown" row,
/// never out of range). A batch's rows of E are gathered, G = E[key], and enter the first layer as G·W_part.
/// Backward: dL/dW_part = Gᵀ·δ, dL/dG = δ·W_partᵀ, and each table row's gradient is the sum of dL/dG over the batch
/// rows with its key, added in row order (the same bits for any thread count); only those rows are written and listed
/// (<see cref="Parameter.Touched"/>), so that the step visits them alone.
/// </summary>
internal sealed class EmbeddingInput : IInputPart
{
    private readonly int _keyColumn, _width, _rows;

    public EmbeddingInput(InputPartDescription description, int keyColumn)
    {
        Description = description;
        _keyColumn = keyColumn;
        _rows = description.Slots;
        _width = description.Rows;
        // A batch touches only its keys' rows: the step clears, penalises and updates those rows alone (lazy, unless the
        // options ask for every row every step).
        Table = new Parameter($"input{keyColumn}.embedding", checked(_rows * _width), isWeightMatrix: true) { Touched = new TouchedRows(_rows, _width), IsEmbeddingTable = true };
        _listedAt = new int[_rows];
        Parameters = [Table];
    }

    public InputPartDescription Description { get; }

    /// <summary>E, (keys + 1) × width, row-major; row 0 is the unknown key's.</summary>
    public Parameter Table { get; }

    /// <summary>The table rows the last backward pass listed, each once (the batch's keys'), also when the step then
    /// updates every row (<see cref="TouchedRows.MarkAll"/> leaves the list as it was).</summary>
    public ReadOnlySpan<int> BatchRows => Table.Touched!.Rows;

    /// <summary>Which key of a row the part reads.</summary>
    public int KeyColumn => _keyColumn;

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The gathered rows G, then dL/dG.</summary>
    public int ScratchPerRow => 2 * _width;

    /// <summary>N(0, 1): each coordinate at the scale of a standardised feature, so the first layer's initialisation
    /// suits the vectors as it suits the features (PyTorch's nn.Embedding draws the same).</summary>
    public void Initialize(Rng rng)
    {
        var values = Table.Values;
        for (int i = 0; i < values.Length; i++) values[i] = (float)rng.NextGaussian();
        _initialUnknown = values.AsSpan(0, _width).ToArray();
    }

    private float[]? _initialUnknown;

    /// <summary>The unknown row is learned from training rows with a missing key; when there were none it still holds
    /// its random draw, which would score unseen keys with an arbitrary vector: it becomes the mean of the keys' rows
    /// instead (an average entity), so that a new key scores like a typical one.</summary>
    public void FinishTraining()
    {
        var values = Table.Values;
        if (_initialUnknown is null || _rows < 2 || !values.AsSpan(0, _width).SequenceEqual(_initialUnknown)) return;
        var mean = new double[_width];
        for (int k = 1; k < _rows; k++)
            for (int i = 0; i < _width; i++) mean[i] += values[k * _width + i];
        for (int i = 0; i < _width; i++) values[i] = (float)(mean[i] / (_rows - 1));
    }

    // The table alone is a block of one: the same gather, products and gradient as when it shares a block.
    private EmbeddingBlock Alone => _alone ??= new EmbeddingBlock(0, [this]);
    private EmbeddingBlock? _alone;

    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch) =>
        Alone.Forward(input, weights, z, units, accumulate, threads, scratch);

    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch) =>
        Alone.Backward(input, delta, weights, weightGradient, units, threads, scratch);

    /// <summary>Width of the vectors: the part's rows of the first layer's weights.</summary>
    public int Width => _width;

    /// <summary>Writes each batch row's vector E[key] at <paramref name="destination"/>[r·stride + offset …]: the part's
    /// columns of a gathered block (its own, or several tables' side by side; see <see cref="InputStage"/>).</summary>
    public void Gather(in InputView input, Span<float> destination, int stride, int offset)
    {
        int rows = input.Rows, keyColumns = input.Keys.Length / Math.Max(1, rows);
        ReadOnlySpan<float> table = Table.Values;
        for (int r = 0; r < rows; r++)
        {
            int key = Row(input.Keys[r * keyColumns + _keyColumn]);
            Copy(table.Slice(key * _width, _width), destination.Slice(r * stride + offset, _width));
        }
    }

    /// <summary>The table's gradient from dL/dG (batch row r's at <paramref name="rowGradients"/>[r·stride + offset …]):
    /// the rows the last pass wrote are cleared, and each key's row becomes the sum of its batch rows' dL/dG, added in
    /// row order (the same bits for any thread count), listed once in <see cref="Parameter.Touched"/>.</summary>
    public void AddRowGradients(in InputView input, ReadOnlySpan<float> rowGradients, int stride, int offset)
    {
        int rows = input.Rows;
        Span<float> tableGradient = Table.Gradients;
        var touched = Table.Touched!;
        touched.ClearRows(tableGradient);
        touched.Clear();
        _step++;
        int keyColumns = input.Keys.Length / Math.Max(1, rows);
        for (int r = 0; r < rows; r++)
        {
            int key = Row(input.Keys[r * keyColumns + _keyColumn]);
            if (_listedAt[key] != _step)
            {
                _listedAt[key] = _step;
                touched.Add(key);
            }
            Add(rowGradients.Slice(r * stride + offset, _width), tableGradient.Slice(key * _width, _width));
        }
        // Every row every step (the options' dense updates): the L2 term, the norm and the optimizer see the whole table.
        if (!touched.Lazy) touched.MarkAll();
    }

    /// <summary>The table rows of the batch's keys.</summary>
    public void ListReadRows(in InputView input, Parameter layerWeights, int firstRow, IReadRowsListener listener)
    {
        int rows = input.Rows;
        if (rows == 0) return;
        if (_readRows.Length < rows) _readRows = new int[rows];
        int keyColumns = input.Keys.Length / rows;
        for (int r = 0; r < rows; r++) _readRows[r] = Row(input.Keys[r * keyColumns + _keyColumn]);
        listener.Read(Table, _readRows.AsSpan(0, rows), 0);
    }

    private int[] _readRows = [];

    // The backward pass that last listed each table row (a row is listed once per pass).
    private readonly int[] _listedAt;
    private int _step;

    public void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination)
    {
        int keyColumns = input.Keys.Length / Math.Max(1, input.Rows);
        int key = Row(input.Keys[row * keyColumns + _keyColumn]);
        parameters[0].AsSpan(key * _width, _width).CopyTo(destination);
    }

    // |(G·W)_j| ≤ Σ_i max_k |E_ki|·|W_ij|: the table's largest |value| per coordinate, whatever the key.
    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds)
    {
        ReadOnlySpan<float> table = Table.Values;
        var largest = new double[_width];
        for (int k = 0; k < _rows; k++)
            for (int i = 0; i < _width; i++) largest[i] = Math.Max(largest[i], Math.Abs((double)table[k * _width + i]));
        for (int i = 0; i < _width; i++)
            for (int j = 0; j < units; j++) bounds[j] += largest[i] * Math.Abs((double)weights[i * units + j]);
    }

    /// <summary>The part reads no feature values: a standardisation of the features leaves it.</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units) { }

    // Narrow vectors (a scalar per id is common) cost more in a vectorised call's set-up than in the loop itself; the
    // arithmetic is the same single-rounded float addition either way.
    private const int NarrowWidth = 8;

    private static void Add(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length > NarrowWidth)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(destination, source, destination);
            return;
        }
        for (int i = 0; i < source.Length; i++) destination[i] += source[i];
    }

    private static void Copy(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length > NarrowWidth)
        {
            source.CopyTo(destination);
            return;
        }
        for (int i = 0; i < source.Length; i++) destination[i] = source[i];
    }

    /// <summary>The table row of a key value: the key itself (1-based; 0 = missing), or row 0 for a key the table does
    /// not have (a key beyond those trained, at scoring).</summary>
    private int Row(int key) => (uint)key < (uint)_rows ? key : 0;
}
