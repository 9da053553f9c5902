using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>A dense block of feature values robustly scaled and smoothly clipped (<see cref="RobustClip"/>) before its
/// product with its rows of W: u = clip(x), Z += u·W_part; dL/dW_part = uᵀ·δ. No learned values of its own.</summary>
/// <remarks>Scratch per row: u (one value per feature).</remarks>
internal sealed class ClippedDenseInput : IInputPart
{
    private readonly RobustClip _clip;
    private readonly int _width;

    public ClippedDenseInput(InputPartDescription description)
    {
        string? problem = description.Kind != InputKind.ClippedDense ? $"a {description.Kind} input" : description.Problem();
        if (problem is not null) throw new ArgumentException($"Not a clipped dense input: {problem}.", nameof(description));
        Description = description;
        _clip = description.Clip!;
        _width = description.Slots;
    }

    public InputPartDescription Description { get; }

    public IReadOnlyList<Parameter> Parameters => [];

    public int ScratchPerRow => _width;

    public void Initialize(Rng rng) { }

    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch)
    {
        int rows = input.Rows;
        Span<float> clipped = scratch.Slice(0, rows * _width);
        Clip(_clip, input.Dense, clipped, rows);
        Gemm.Multiply(clipped, false, weights, false, z, rows, units, _width, accumulate, threads);
    }

    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch) =>
        Gemm.Multiply(scratch.Slice(0, input.Rows * _width), true, delta, false, weightGradient, _width, units, input.Rows, accumulate: false, threads);

    public void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination)
    {
        var u = new float[_width]; // the gradient check's reference: the float values scoring computes
        _clip.Apply(input.Dense.Slice(row * _width, _width), u);
        for (int i = 0; i < _width; i++) destination[i] = u[i];
    }

    /// <summary>|u| &lt; 3 whatever the input: the bound does not grow with it.</summary>
    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds) =>
        WeightRows.AddBound(3.0, weights, _width, units, bounds);

    /// <summary>Not reached: the trainer does not standardise a feature vector it scales robustly (the part's map replaces it).</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units) =>
        throw new InvalidOperationException("A robustly scaled feature vector is not standardised as well.");

    /// <summary>clip(x) of <paramref name="rows"/> rows of <paramref name="clip"/>'s features into <paramref name="destination"/>.</summary>
    public static void Clip(RobustClip clip, ReadOnlySpan<float> dense, Span<float> destination, int rows)
    {
        int width = clip.Features;
        for (int r = 0; r < rows; r++) clip.Apply(dense.Slice(r * width, width), destination.Slice(r * width, width));
    }
}
