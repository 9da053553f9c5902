namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// An input part whose first step is a fixed encoding of the features (nothing learned in it), split from the rest of
/// its forward pass so that the networks of an ensemble with the same encoding compute it once per row
/// (<see cref="SharedEncodings"/>): <see cref="IInputPart.Forward"/> is <see cref="Encode"/> then
/// <see cref="ForwardEncoded"/>, the same bits.
/// </summary>
internal interface IFixedEncodingPart : IInputPart
{
    /// <summary>Values per row of the encoding.</summary>
    int EncodedWidth { get; }

    /// <summary>The encoding of <paramref name="input"/>'s rows into <paramref name="encoded"/> (rows × <see cref="EncodedWidth"/>).</summary>
    void Encode(in InputView input, Span<float> encoded);

    /// <summary><see cref="IInputPart.Forward"/> of rows already encoded (by <see cref="Encode"/> of this part or of one with
    /// the same encoding); <paramref name="scratch"/> is the part's, as in <see cref="IInputPart.Forward"/>. With
    /// <paramref name="skipZeros"/> (one row, <paramref name="weights"/> checked finite by the caller), a part whose
    /// product with its rows of W follows a further step of its own may read the rows at that step's non-zero values alone
    /// (the same bits, <see cref="Numerics.ZeroSkippingRow"/>); other parts ignore it.</summary>
    void ForwardEncoded(in InputView input, ReadOnlySpan<float> encoded, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate,
        int threads, Span<float> scratch, bool skipZeros = false);
}
