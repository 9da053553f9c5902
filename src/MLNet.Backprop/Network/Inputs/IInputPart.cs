namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// One part of the input stage: how one part of a row (<see cref="InputView"/>) enters the first layer's
/// pre-activation Z = Σ_parts (part's input)·W_part + b, W_part being the part's rows of the first layer's weights, and
/// how the weight gradient of those rows (and of the part's own learned values, if it has any) follows from dL/dZ. The
/// first layer never needs dL/dX: nothing is below it.
/// </summary>
internal interface IInputPart
{
    /// <summary>What the part is (kind, slots read, rows of W fed).</summary>
    InputPartDescription Description { get; }

    /// <summary>Its own learned values (none for a dense block), trained and saved with the network's.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Scratch values per row of a batch the part needs between its forward and backward passes (a workspace
    /// holds them, so that several threads can use one network); 0 for none.</summary>
    int ScratchPerRow { get; }

    /// <summary>Draws the initial values of its own parameters (nothing for a part without any).</summary>
    void Initialize(Numerics.Rng rng);

    /// <summary>z (rows × <paramref name="units"/>) = (or += with <paramref name="accumulate"/>) the part's input ·
    /// <paramref name="weights"/> (its rows of W, rows × units).</summary>
    void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch);

    /// <summary>Whether <see cref="Backward"/> reads <c>weights</c>: false for a part whose gradient is its fixed input's
    /// product with δ alone (no parameter of its own that W reaches), so a wrapper that hands it rescaled weights
    /// (<see cref="RowScaledInput"/>) can skip forming them. Default true.</summary>
    bool BackwardReadsWeights => true;

    /// <summary>Its rows of dL/dW (overwritten) = the part's inputᵀ · <paramref name="delta"/> (dL/dZ, rows × units),
    /// and the gradients of its own parameters, after <see cref="Forward"/> of the same input with the same
    /// <paramref name="scratch"/>. A part that <see cref="WritesSomeRows"/> writes only the rows of W its input touches, adding
    /// to rows the stage has set to zero, and lists them in <see cref="WrittenRows"/>; a parameter of its own with
    /// <see cref="Parameter.Touched"/> likewise gets only the touched rows' gradient, listed there.</summary>
    void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch);

    /// <summary>The part's input to its rows of W for row <paramref name="row"/> of <paramref name="input"/>, in double,
    /// computed from <paramref name="parameters"/> (double copies of <see cref="Parameters"/>, perhaps perturbed): the
    /// reference the gradient check differentiates numerically.</summary>
    void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination);

    /// <summary>Whether <see cref="Backward"/> writes only the rows of W its batch touches (a sparse block), not all of them.</summary>
    bool WritesSomeRows => false;

    /// <summary>After <see cref="Backward"/> of a part that <see cref="WritesSomeRows"/>: the rows it wrote, relative to
    /// its first row, each once.</summary>
    ReadOnlySpan<int> WrittenRows => default;

    /// <summary>Tells <paramref name="listener"/> which rows of a matrix that lists its touched rows a forward pass of
    /// <paramref name="input"/> reads: a part that <see cref="WritesSomeRows"/> its rows of the first layer's
    /// <paramref name="layerWeights"/> (from <paramref name="firstRow"/> on), a part with such a parameter of its own its
    /// rows. Nothing for a part whose rows every step writes.</summary>
    void ListReadRows(in InputView input, Parameter layerWeights, int firstRow, IReadRowsListener listener) { }

    /// <summary>Adds to <paramref name="bounds"/>[j] an upper bound of |(part's input · W_part)[j]| for inputs whose values
    /// are within ±<paramref name="maxAbsInput"/> (see <see cref="OutputBound"/>).</summary>
    void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds);

    /// <summary>Folds a standardisation of the feature values the part reads (x → (x − offset)·inverseScale per value)
    /// into its rows of W (<paramref name="weights"/>) and the layer's <paramref name="bias"/>, so that the network takes
    /// the raw values; a part that reads no feature values leaves them.</summary>
    void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units);

    /// <summary>Called once when training ends (after the best weights are restored): a part may set values training
    /// could not reach (an embedding's unknown row when no training row had a missing key).</summary>
    void FinishTraining() { }
}
