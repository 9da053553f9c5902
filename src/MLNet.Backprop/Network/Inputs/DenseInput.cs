using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>A dense block of feature values: its product with its rows of W is one matrix product each way.</summary>
internal sealed class DenseInput(int width) : IInputPart
{
    public InputPartDescription Description { get; } = InputPartDescription.Dense(width);

    public IReadOnlyList<Parameter> Parameters => [];

    public int ScratchPerRow => 0;

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

    // Column sums of |W| over the block's rows, in row order, times the largest |input|.
    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds)
    {
        var columnSums = new double[units];
        for (int i = 0; i < width; i++)
        {
            var row = weights.Slice(i * units, units);
            for (int j = 0; j < units; j++) columnSums[j] += Math.Abs((double)row[j]);
        }
        for (int j = 0; j < units; j++) bounds[j] += maxAbsInput * columnSums[j];
    }

    /// <summary>Folds the affine map x → (x − offset)·inverseScale of the block's values into its rows of W and the
    /// layer's bias, so that raw values give what standardised ones gave: W'ᵢⱼ = Wᵢⱼ·sᵢ⁻¹, b'ⱼ = bⱼ − Σᵢ mᵢW'ᵢⱼ.</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units)
    {
        var shift = new double[units];
        for (int i = 0; i < width; i++)
        {
            double inverse = inverseScales[i], offset = offsets[i];
            for (int j = 0; j < units; j++)
            {
                float folded = (float)(weights[i * units + j] * inverse);
                weights[i * units + j] = folded;
                shift[j] += offset * folded;
            }
        }
        for (int j = 0; j < units; j++) bias[j] = (float)(bias[j] - shift[j]);
    }
}
