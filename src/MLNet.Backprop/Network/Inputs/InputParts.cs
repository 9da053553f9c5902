namespace MLNet.Backprop.Network.Inputs;

/// <summary>The table from an input part's description to its implementation.</summary>
internal static class InputParts
{
    /// <param name="description">The part.</param>
    /// <param name="keyColumn">For a part reading a key: which key of a row it reads (the parts reading keys take the key
    /// columns in order).</param>
    /// <remarks>A part with learned scales per row is a <see cref="RowScaledInput"/> around the part without them, a
    /// periodic part with a robust scaling a <see cref="ClippedFeaturesInput"/> around the part without it (the scales
    /// outermost: they act on what the clipped part feeds the first layer).</remarks>
    public static IInputPart Create(InputPartDescription description, int keyColumn = 0) =>
        description.ScalesRows ? new RowScaledInput(Create(description with { ScalesRows = false }, keyColumn))
        : description.Kind == InputKind.Periodic && description.Clip is { } clip ? new ClippedFeaturesInput(clip, Create(description with { Clip = null }, keyColumn))
        : Plain(description, keyColumn);

    private static IInputPart Plain(InputPartDescription description, int keyColumn) => description.Kind switch
    {
        InputKind.Dense => new DenseInput(description.Slots),
        InputKind.ScaledDense => new ScaledDenseInput(description),
        InputKind.ClippedDense => new ClippedDenseInput(description),
        InputKind.Embedding => new EmbeddingInput(description, keyColumn),
        InputKind.Sparse => new SparseInput(description.Slots),
        InputKind.PiecewiseLinear => new PiecewiseLinearInput(description),
        InputKind.Periodic => new PeriodicInput(description),
        _ => throw new ArgumentOutOfRangeException(nameof(description), description.Kind, "Unknown input kind."),
    };

    /// <summary>Whether a part of <paramref name="kind"/> reads one key column.</summary>
    public static bool ReadsKey(InputKind kind) => kind == InputKind.Embedding;
}
