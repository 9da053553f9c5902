namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// The feature vector piecewise-linearly encoded on quantile bins (<see cref="NumericEncoding.PiecewiseLinear"/>): a
/// batch's rows are encoded into E (rows × bins, <see cref="QuantileBins.Encode(ReadOnlySpan{float}, Span{float})"/>),
/// which enters the first layer as E·W_part (<see cref="EncodedDenseInput"/>). Every encoded value lies in [0, 1].
/// </summary>
internal sealed class PiecewiseLinearInput(InputPartDescription description) : EncodedDenseInput(Checked(description), maxAbsEncoded: 1.0)
{
    private readonly QuantileBins _bins = description.Bins!;

    private static InputPartDescription Checked(InputPartDescription description) =>
        description.Problem() is { } problem ? throw new ArgumentException($"Not a piecewise-linear input: {problem}.", nameof(description)) : description;

    protected override void Encode(ReadOnlySpan<float> row, Span<float> destination) => _bins.Encode(row, destination);

    /// <summary>The encoding in double, of the same float features.</summary>
    public override void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination) =>
        _bins.Encode(input.Dense.Slice(row * Description.Slots, Description.Slots), destination.Slice(0, Description.Rows));

    /// <summary>The bin edges are on the raw feature values (training never standardises the features of this part), so
    /// only the identity map can be folded.</summary>
    public override void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units)
    {
        for (int f = 0; f < Description.Slots; f++)
            if (offsets[f] != 0f || inverseScales[f] != 1f)
                throw new InvalidOperationException("A piecewise-linear input's bin edges are on the raw feature values; a feature standardisation cannot be folded into it.");
    }
}
