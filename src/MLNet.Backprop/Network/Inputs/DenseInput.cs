using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>A dense block of feature values: its product with its rows of W is one matrix product each way.</summary>
internal sealed class DenseInput(int width) : IInputPart
{
    public InputPartDescription Description { get; } = InputPartDescription.Dense(width);

    public IReadOnlyList<Parameter> Parameters => [];

    public int ScratchPerRow => 0;

    public bool BackwardReadsWeights => false;

    public void Initialize(Rng rng) { }

    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch) =>
        Gemm.Multiply(input.Dense.Slice(0, input.Rows * width), false, weights, false, z, input.Rows, units, width, accumulate, threads);

    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch) =>
        Gemm.Multiply(input.Dense.Slice(0, input.Rows * width), true, delta, false, weightGradient, width, units, input.Rows, accumulate: false, threads);

    public void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination)
    {
        var values = input.Dense.Slice(row * width, width);
        for (int i = 0; i < width; i++) destination[i] = values[i];
    }

    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds) =>
        WeightRows.AddBound(maxAbsInput, weights, width, units, bounds);

    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units) =>
        WeightRows.FoldFeatureScaling(offsets, inverseScales, weights, bias, width, units);
}
