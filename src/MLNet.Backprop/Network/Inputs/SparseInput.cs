using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// A sparse block of slots (text n-grams, one-hot or hashed ids), in CSR form: its product with its rows of W is a
/// sparse × dense product, each row of Z the sum of the W rows of its non-zero slots scaled by their values (work ∝
/// non-zeros × units, never slots × units), and backward writes dL/dW only on the slots the batch touches (listed in
/// <see cref="WrittenRows"/>, so that the step visits those rows only). No dense row is ever formed.
/// </summary>
/// <remarks>Each row adds its non-zeros in slot order and each touched slot adds the batch rows in row order, whatever the
/// threads (<see cref="SparseProduct"/>): the bits do not depend on the thread count.</remarks>
internal sealed class SparseInput(int width) : IInputPart
{
    private readonly SlotPlaces _places = new();
    private int[] _touched = [], _entryPlace = [];
    private float[] _rowSquares = [];
    private int _touchedCount;

    public InputPartDescription Description { get; } = InputPartDescription.Sparse(width);

    public IReadOnlyList<Parameter> Parameters => [];

    public bool WritesSomeRows => true;

    public ReadOnlySpan<int> WrittenRows => _touched.AsSpan(0, _touchedCount);

    /// <summary>With <see cref="CompactGradient"/>: each written row's Σ g² after the last backward pass, in the order of
    /// <see cref="WrittenRows"/> (summed by the thread that wrote the row, while it was in cache).</summary>
    public ReadOnlySpan<float> WrittenRowSquares => CompactGradient ? _rowSquares.AsSpan(0, _touchedCount) : [];

    public int ScratchPerRow => 0;

    /// <summary>dL/dW is written compactly: the i-th touched slot's row at i × units (<see cref="TouchedRows.Compact"/>).</summary>
    public bool CompactGradient { get; set; }

    /// <summary>Nothing to draw: the part has no values of its own.</summary>
    public void Initialize(Rng rng) { }

    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch) =>
        SparseProduct.Multiply(input.SparseOffsets, input.SparseIndices, input.SparseValues, weights, z, input.Rows, units, accumulate, threads);

    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch)
    {
        int rows = input.Rows;
        int entries = rows == 0 ? 0 : input.SparseOffsets[rows] - input.SparseOffsets[0];
        if (_touched.Length < entries) _touched = new int[Math.Min(width, Math.Max(entries, 2 * _touched.Length))];
        if (CompactGradient && _rowSquares.Length < _touched.Length) _rowSquares = new float[_touched.Length];
        if (_entryPlace.Length < entries) _entryPlace = new int[Math.Max(entries, 2 * _entryPlace.Length)];
        _touchedCount = SparseProduct.TransposeMultiply(input.SparseOffsets, input.SparseIndices, input.SparseValues, delta, weightGradient, rows, units, width,
            _places, _touched, _entryPlace, threads, CompactGradient, CompactGradient ? _rowSquares : default);
    }

    /// <summary>The slots of the batch's non-zeros: their rows of W.</summary>
    public void ListReadRows(in InputView input, Parameter layerWeights, int firstRow, IReadRowsListener listener)
    {
        if (input.Rows == 0) return;
        int begin = input.SparseOffsets[0], end = input.SparseOffsets[input.Rows];
        listener.Read(layerWeights, input.SparseIndices[begin..end], firstRow);
    }

    /// <summary>The row's entries written into its slots (the others 0).</summary>
    public void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination)
    {
        destination.Slice(0, width).Clear();
        for (int k = input.SparseOffsets[row]; k < input.SparseOffsets[row + 1]; k++)
            destination[input.SparseIndices[k]] = input.SparseValues[k];
    }

    /// <summary>The dense block's bound (a row may hold any of the slots).</summary>
    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds) =>
        WeightRows.AddBound(maxAbsInput, weights, width, units, bounds);

    /// <summary>Folds x → (x − offset)·inverseScale into the part's rows of W and the bias, as for a dense block (training
    /// never centres a sparse block, so its offsets are 0 and only the rows are scaled).</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units) =>
        WeightRows.FoldFeatureScaling(offsets, inverseScales, weights, bias, width, units);
}
