namespace MLNet.Backprop.Network.Inputs;

/// <summary>A dense block of feature values robustly scaled and smoothly clipped (<see cref="RobustClip"/>) before its
/// product with its rows of W (<see cref="EncodedDenseInput"/>): u = clip(x), Z += u·W_part; dL/dW_part = uᵀ·δ. Every
/// clipped value lies within ±3.</summary>
internal sealed class ClippedDenseInput(InputPartDescription description) : EncodedDenseInput(Checked(description), maxAbsEncoded: 3.0)
{
    private readonly RobustClip _clip = description.Clip!;

    private static InputPartDescription Checked(InputPartDescription description)
    {
        string? problem = description.Kind != InputKind.ClippedDense ? $"a {description.Kind} input" : description.Problem();
        return problem is null ? description : throw new ArgumentException($"Not a clipped dense input: {problem}.", nameof(description));
    }

    protected override void Encode(ReadOnlySpan<float> row, Span<float> destination) => _clip.Apply(row, destination);

    /// <summary>Not reached: the trainer does not standardise a feature vector it scales robustly (the part's map replaces it).</summary>
    public override void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units) =>
        throw new InvalidOperationException("A robustly scaled feature vector is not standardised as well.");

    /// <summary>clip(x) of <paramref name="rows"/> rows of <paramref name="clip"/>'s features into <paramref name="destination"/>.</summary>
    public static void Clip(RobustClip clip, ReadOnlySpan<float> dense, Span<float> destination, int rows) => clip.ApplyRows(dense, destination, rows);
}
