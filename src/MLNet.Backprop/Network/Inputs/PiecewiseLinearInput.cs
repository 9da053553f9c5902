using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// The feature vector piecewise-linearly encoded on quantile bins (<see cref="NumericEncoding.PiecewiseLinear"/>): a
/// batch's rows are encoded into E (rows × bins, <see cref="QuantileBins.Encode(ReadOnlySpan{float}, Span{float})"/>),
/// which enters the first layer as E·W_part. The encoding has no learned values and its input needs no gradient (nothing
/// is below the first layer), so backward is dL/dW_part = Eᵀ·δ alone, with E kept from the forward pass.
/// </summary>
internal sealed class PiecewiseLinearInput : IInputPart
{
    private readonly QuantileBins _bins;
    private readonly int _features, _width;

    public PiecewiseLinearInput(InputPartDescription description)
    {
        if (description.Problem() is { } problem) throw new ArgumentException($"Not a piecewise-linear input: {problem}.", nameof(description));
        Description = description;
        _bins = description.Bins!;
        _features = description.Slots;
        _width = description.Rows;
    }

    public InputPartDescription Description { get; }

    public IReadOnlyList<Parameter> Parameters => [];

    /// <summary>The encoded rows E, from the forward pass to the backward pass.</summary>
    public int ScratchPerRow => _width;

    public void Initialize(Rng rng) { }

    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch)
    {
        int rows = input.Rows;
        Span<float> encoded = scratch.Slice(0, rows * _width);
        for (int r = 0; r < rows; r++) _bins.Encode(input.Dense.Slice(r * _features, _features), encoded.Slice(r * _width, _width));
        Gemm.Multiply(encoded, false, weights, false, z, rows, units, _width, accumulate, threads);
    }

    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch) =>
        Gemm.Multiply(scratch.Slice(0, input.Rows * _width), true, delta, false, weightGradient, _width, units, input.Rows, accumulate: false, threads);

    public void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination) =>
        _bins.Encode(input.Dense.Slice(row * _features, _features), destination.Slice(0, _width));

    /// <summary>Every encoded value lies in [0, 1] whatever the features: the bound of inputs within ±1.</summary>
    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds) =>
        WeightRows.AddBound(1.0, weights, _width, units, bounds);

    /// <summary>The bin edges are on the raw feature values (training never standardises the features of this part), so
    /// only the identity map can be folded.</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units)
    {
        for (int f = 0; f < _features; f++)
            if (offsets[f] != 0f || inverseScales[f] != 1f)
                throw new InvalidOperationException("A piecewise-linear input's bin edges are on the raw feature values; a feature standardisation cannot be folded into it.");
    }
}
