using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// A dense feature vector that enters the first layer through a fixed encoding of each row (no learned values): a batch's
/// rows are encoded into E (rows × <see cref="InputPartDescription.Rows"/>), which enters as E·W_part. Its input needs no
/// gradient (nothing is below the first layer), so backward is dL/dW_part = Eᵀ·δ alone, with E kept from the forward pass.
/// </summary>
internal abstract class EncodedDenseInput : IFixedEncodingPart
{
    private readonly int _features, _width;
    private readonly double _maxAbsEncoded;

    /// <param name="description">The part (checked by the derived class).</param>
    /// <param name="maxAbsEncoded">A bound of |encoded value| whatever the features.</param>
    protected EncodedDenseInput(InputPartDescription description, double maxAbsEncoded)
    {
        Description = description;
        _features = description.Slots;
        _width = description.Rows;
        _maxAbsEncoded = maxAbsEncoded;
    }

    public InputPartDescription Description { get; }

    public IReadOnlyList<Parameter> Parameters => [];

    /// <summary>The encoded rows E, from the forward pass to the backward pass.</summary>
    public int ScratchPerRow => _width;

    public void Initialize(Rng rng) { }

    /// <summary>One row of features into its encoding, in float, as scoring and the ONNX export compute it.</summary>
    protected abstract void Encode(ReadOnlySpan<float> row, Span<float> destination);

    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch)
    {
        Span<float> encoded = scratch.Slice(0, input.Rows * _width);
        Encode(input, encoded);
        ForwardEncoded(input, encoded, weights, z, units, accumulate, threads, scratch);
    }

    /// <summary>The encoded rows' width: the part's rows of W.</summary>
    public int EncodedWidth => _width;

    public void Encode(in InputView input, Span<float> encoded)
    {
        for (int r = 0; r < input.Rows; r++) Encode(input.Dense.Slice(r * _features, _features), encoded.Slice(r * _width, _width));
    }

    /// <summary>E·W_part; the scratch is not read (E is given). A one-row E's zeros are skipped by the caller, who
    /// finds them once for every network (<see cref="SharedEncodings.TryForwardSkippingZeros"/>): <paramref name="skipZeros"/> is not read.</summary>
    public void ForwardEncoded(in InputView input, ReadOnlySpan<float> encoded, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate,
        int threads, Span<float> scratch, bool skipZeros = false) =>
        Gemm.Multiply(encoded.Slice(0, input.Rows * _width), false, weights, false, z, input.Rows, units, _width, accumulate, threads);

    public bool BackwardReadsWeights => false;

    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch) =>
        Gemm.Multiply(scratch.Slice(0, input.Rows * _width), true, delta, false, weightGradient, _width, units, input.Rows, accumulate: false, threads);

    /// <summary>The float encoding, widened (the gradient check's reference: there is no parameter to differentiate).</summary>
    public virtual void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination)
    {
        var encoded = new float[_width];
        Encode(input.Dense.Slice(row * _features, _features), encoded);
        for (int i = 0; i < _width; i++) destination[i] = encoded[i];
    }

    /// <summary>The encoded values are bounded whatever the features: the bound of inputs within that bound.</summary>
    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds) =>
        WeightRows.AddBound(_maxAbsEncoded, weights, _width, units, bounds);

    public abstract void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units);
}
