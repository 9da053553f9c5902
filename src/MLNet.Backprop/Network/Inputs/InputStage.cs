using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// The network's first layer seen from its input: each part of a row (a dense block today; a sparse block or a key per
/// categorical column are other parts) enters the first dense layer's pre-activation through its own rows of the layer's
/// weights, Z = Σ_parts input_p·W_p, then the layer adds its bias and applies its activation. Backward, each part writes
/// its rows of dL/dW (and its own parameters' gradients); no dL/dX is formed.
/// </summary>
/// <remarks>With one dense part this is exactly the dense layer's own product: the same matrix product, the same bits.</remarks>
internal sealed class InputStage
{
    private readonly IInputPart[] _parts;
    private readonly int[] _firstRow;

    // At the first part of each run of adjacent embedding tables (two or more, or one after a narrow dense block, which
    // then joins them): the run as one block (the parts after it in the run are skipped by the loops below); null elsewhere.
    private readonly EmbeddingBlock?[] _blocks;

    public InputStage(IReadOnlyList<InputPartDescription> parts, DenseLayer layer)
    {
        if (parts.Count == 0) throw new ArgumentException("An input stage needs at least one part.", nameof(parts));
        int keys = 0;
        _parts = parts.Select(p => InputParts.Create(p, InputParts.ReadsKey(p.Kind) ? keys++ : 0)).ToArray();
        _firstRow = new int[_parts.Length + 1];
        for (int p = 0; p < _parts.Length; p++) _firstRow[p + 1] = _firstRow[p] + _parts[p].Description.Rows;
        if (_firstRow[^1] != layer.InputSize)
            throw new ArgumentException($"The input parts feed {_firstRow[^1]} rows; the first layer has {layer.InputSize} inputs.", nameof(parts));
        if (parts.Count(p => p.Kind == InputKind.Sparse) > 1)
            throw new ArgumentException("An input stage reads one sparse block; merge the sparse parts into one.", nameof(parts));
        Layer = layer;
        // Several parts may read the one dense block (two encodings of the same features side by side), each all of it.
        if (parts.Where(p => p.ReadsDense).Select(p => p.Slots).Distinct().Count() > 1)
            throw new ArgumentException("An input stage reads one dense block, as it is or encoded; the parts reading it read all of it.", nameof(parts));
        Shape = InputShape.Of(parts);
        Parameters = _parts.SelectMany(p => p.Parameters).ToArray();
        _blocks = new EmbeddingBlock?[_parts.Length];
        for (int p = 0; p < _parts.Length;)
        {
            int denseWidth = _parts[p] is DenseInput && _parts[p].Description.Rows <= EmbeddingBlock.MaxDenseWidth ? _parts[p].Description.Rows : 0;
            int end = denseWidth > 0 ? p + 1 : p;
            while (end < _parts.Length && _parts[end] is EmbeddingInput) end++;
            if (end - p >= 2) _blocks[p] = new EmbeddingBlock(denseWidth, _parts[(denseWidth > 0 ? p + 1 : p)..end].Cast<EmbeddingInput>().ToArray());
            p = Math.Max(end, p + 1);
        }
        // A part that writes some rows of dL/dW only (a sparse block) makes the step visit the rows it wrote.
        if (_parts.Any(p => p.WritesSomeRows)) layer.WeightParameter.Touched = new TouchedRows(layer.InputSize, layer.OutputSize);
    }

    /// <summary>The parts, in the order of their rows in the first layer's weights.</summary>
    public IReadOnlyList<IInputPart> Parts => _parts;

    /// <summary>The first dense layer, whose pre-activation the parts compute.</summary>
    public DenseLayer Layer { get; }

    /// <summary>What a row of input carries.</summary>
    public InputShape Shape { get; }

    /// <summary>The parts' own learned values (none for dense blocks).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Each part's description.</summary>
    public IReadOnlyList<InputPartDescription> Describe() => _parts.Select(p => p.Description).ToArray();

    /// <summary>Scratch values per row each part needs (see <see cref="IInputPart.ScratchPerRow"/>).</summary>
    public IReadOnlyList<int> ScratchPerRow
    {
        get
        {
            var perRow = _parts.Select(p => p.ScratchPerRow).ToArray();
            for (int p = 0; p < _parts.Length; p++)
            {
                if (_blocks[p] is not { } block) continue;
                perRow[p] = block.ScratchPerRow;
                for (int t = 1; t < block.Count; t++) perRow[p + t] = 0;
            }
            return perRow;
        }
    }

    /// <summary>Draws the parts' own initial values.</summary>
    public void Initialize(Rng rng)
    {
        foreach (var part in _parts) part.Initialize(rng);
    }

    /// <summary>Lets every part finish its values when training ends (<see cref="IInputPart.FinishTraining"/>).</summary>
    public void FinishTraining()
    {
        foreach (var part in _parts) part.FinishTraining();
    }

    /// <summary>Z and A of the first layer for <paramref name="input"/>'s rows; <paramref name="scratch"/> holds each
    /// part's scratch (a workspace's). Scoring an ensemble, <paramref name="shared"/> holds the encodings its networks
    /// share and <paramref name="network"/> says which network this stage is: a part with a shared encoding reads it
    /// instead of computing its own (the same values).</summary>
    public void Forward(in InputView input, Span<float> z, Span<float> a, int threads, float[][] scratch, SharedEncodings? shared = null, int network = 0)
    {
        int units = Layer.OutputSize, rows = input.Rows;
        ReadOnlySpan<float> w = Layer.WeightParameter.Values;
        for (int p = 0; p < _parts.Length; p++)
        {
            if (_blocks[p] is { } block)
            {
                block.Forward(input, Rows(w, p, block.Count, units), z.Slice(0, rows * units), units, accumulate: p > 0, threads, scratch[p]);
                p += block.Count - 1;
                continue;
            }
            if (shared is not null && shared.Shares(network, p) && _parts[p] is IFixedEncodingPart part)
            {
                var encoded = shared.Encoding(network, p, part, input);
                if (!shared.TryForwardSkippingZeros(network, p, encoded, Rows(w, p, 1, units), z.Slice(0, rows * units), units, accumulate: p > 0))
                    part.ForwardEncoded(input, encoded, Rows(w, p, 1, units), z.Slice(0, rows * units), units, accumulate: p > 0, threads, scratch[p],
                        skipZeros: shared.SkipsZeros(network, p));
                continue;
            }
            _parts[p].Forward(input, Rows(w, p, 1, units), z.Slice(0, rows * units), units, accumulate: p > 0, threads, scratch[p]);
        }
        PhaseClock.Mark(TrainingPhase.ForwardGemm);
        Layer.Activate(z, a, rows, threads);
    }

    /// <summary>With dL/dA of the first layer in <paramref name="delta"/>: dL/dZ in place, dL/db, every part's rows of
    /// dL/dW (plus <paramref name="l2"/>·W, and each part's matrix's own <see cref="Parameter.Prior"/>) and the parts' own gradients. With a sparse part, the rows of dL/dW the last
    /// step wrote are cleared first and the rows this step wrote are listed (<see cref="Parameter.Touched"/>): the other
    /// rows' gradient is zero.</summary>
    public void Backward(in InputView input, ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, int threads, float l2, float[][] scratch)
    {
        int units = Layer.OutputSize, rows = input.Rows;
        Layer.BackwardActivation(z, a, delta, rows, threads);
        ReadOnlySpan<float> w = Layer.WeightParameter.Values;
        var touched = Layer.WeightParameter.Touched;
        int previouslyListed = 0;
        if (touched is not null)
        {
            // A compact gradient's rows are cleared by the sparse product's first write to each, in cache; only what the
            // last step listed past this step's rows is cleared after it.
            if (touched is { Compact: true, All: false }) previouslyListed = touched.Rows.Length;
            else touched.ClearRows(Layer.WeightParameter.Gradients);
            touched.Clear();
            // A compact gradient holds at most a row per entry of the block (its one part is the sparse block).
            if (touched.Compact && rows > 0) Layer.WeightParameter.EnsureCompactRows(input.SparseOffsets[rows] - input.SparseOffsets[0]);
        }
        Span<float> gradient = Layer.WeightParameter.Gradients;
        for (int p = 0; p < _parts.Length; p++)
        {
            int count = _blocks[p]?.Count ?? 1;
            int first = _firstRow[p] * units, length = (_firstRow[p + count] - _firstRow[p]) * units;
            if (_blocks[p] is { } block)
                block.Backward(input, delta.Slice(0, rows * units), w.Slice(first, length), gradient.Slice(first, length), units, threads, scratch[p]);
            else
                _parts[p].Backward(input, delta.Slice(0, rows * units), w.Slice(first, length),
                    touched is { Compact: true } ? gradient : gradient.Slice(first, length), units, threads, scratch[p]);
            p += count - 1;
        }
        if (touched is not null)
        {
            ListWrittenRows(touched);
            if (touched.Compact)
            {
                touched.ClearRowsPastListed(Layer.WeightParameter.Gradients, previouslyListed);
                touched.KnowSquares(((SparseInput)_parts[0]).WrittenRowSquares); // forgotten by an L2 term
            }
        }
        Layer.AddL2(l2);
        foreach (var p in Parameters)
            if (p.IsWeightMatrix) p.AddL2(l2 + p.Prior);
        PhaseClock.Mark(TrainingPhase.BackwardGemm);
    }

    /// <summary>Stores the first layer's weight gradient compactly (<see cref="TouchedRows.Compact"/>) when the stage's one
    /// part is a sparse block and its rows are updated lazily or caught up (never all at once); false, and nothing
    /// changes, otherwise (other parts write all their rows every step).</summary>
    public bool UseCompactGradient()
    {
        if (_parts is not [SparseInput sparse] || Layer.WeightParameter.Touched is not { Lazy: true }) return false;
        sparse.CompactGradient = true;
        Layer.WeightParameter.UseCompactGradient(rows: 1);
        return true;
    }

    /// <summary>Per unit of the first layer, an upper bound of |Z − b| for inputs whose values lie within ±<paramref name="maxAbsInput"/>.</summary>
    public double[] Bounds(double maxAbsInput)
    {
        int units = Layer.OutputSize;
        var bounds = new double[units];
        ReadOnlySpan<float> w = Layer.Weights.Span;
        for (int p = 0; p < _parts.Length; p++) _parts[p].AddBound(maxAbsInput, Rows(w, p, 1, units), units, bounds);
        return bounds;
    }

    /// <summary>Folds a standardisation of the feature values (x → (x − offset)·inverseScale per value) into every
    /// part's rows of the weights and the bias, so that the network takes the raw values.</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales)
    {
        int units = Layer.OutputSize;
        for (int p = 0; p < _parts.Length; p++)
        {
            int first = _firstRow[p] * units, length = (_firstRow[p + 1] - _firstRow[p]) * units;
            _parts[p].FoldFeatureScaling(offsets, inverseScales, Layer.WeightParameter.Values.AsSpan(first, length), Layer.BiasParameter.Values, units);
        }
    }

    /// <summary>Tells <paramref name="listener"/> the rows of the matrices that list their touched rows (the first layer's
    /// weights on a sparse path, embedding tables) that a forward pass of <paramref name="input"/> reads.</summary>
    public void ListReadRows(in InputView input, IReadRowsListener listener)
    {
        for (int p = 0; p < _parts.Length; p++) _parts[p].ListReadRows(input, Layer.WeightParameter, _firstRow[p], listener);
    }

    private void ListWrittenRows(TouchedRows touched)
    {
        for (int p = 0; p < _parts.Length; p++)
        {
            if (!_parts[p].WritesSomeRows)
            {
                touched.AddRange(_firstRow[p], _firstRow[p + 1] - _firstRow[p]);
                continue;
            }
            foreach (int row in _parts[p].WrittenRows) touched.Add(_firstRow[p] + row);
        }
        // Updating every row every step: the L2 term, the norm and the optimizer see the whole matrix.
        if (!touched.Lazy) touched.MarkAll();
    }

    /// <summary>Part <paramref name="part"/>'s rows of the first layer's weights.</summary>
    public ReadOnlySpan<float> WeightRows(int part) => Rows(Layer.WeightParameter.Values, part, 1, Layer.OutputSize);

    // The rows of W of `count` parts from `part` on.
    private ReadOnlySpan<float> Rows(ReadOnlySpan<float> w, int part, int count, int units) =>
        w.Slice(_firstRow[part] * units, (_firstRow[part + count] - _firstRow[part]) * units);
}
