namespace MLNet.Backprop.Network.Inputs;

/// <summary>What a part whose input values each feed one row of W (a dense or a sparse block) does with those rows
/// outside training: bound their product, fold a feature scaling into them.</summary>
internal static class WeightRows
{
    /// <summary>destination's row i = <paramref name="weights"/>' row i × s_i (in place when they are one span): learned
    /// input scales folded into their rows, or applied to them while training.</summary>
    public static void Scale(ReadOnlySpan<float> weights, ReadOnlySpan<float> scales, Span<float> destination, int units)
    {
        for (int i = 0; i < scales.Length; i++)
            System.Numerics.Tensors.TensorPrimitives.Multiply(weights.Slice(i * units, units), scales[i], destination.Slice(i * units, units));
    }

    /// <summary>bounds[j] += m·Σ_i |W_ij| over the <paramref name="rows"/> rows: |Σ_i x_i·W_ij| for any x within ±m.
    /// Column sums of |W| in row order, in double.</summary>
    public static void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int rows, int units, Span<double> bounds)
    {
        var columnSums = new double[units];
        for (int i = 0; i < rows; i++)
        {
            var row = weights.Slice(i * units, units);
            for (int j = 0; j < units; j++) columnSums[j] += Math.Abs((double)row[j]);
        }
        for (int j = 0; j < units; j++) bounds[j] += maxAbsInput * columnSums[j];
    }

    /// <summary>Folds the affine map x → (x − offset)·inverseScale of the rows' values into W and the layer's bias, so that
    /// raw values give what scaled ones gave: W'ᵢⱼ = Wᵢⱼ·sᵢ⁻¹, b'ⱼ = bⱼ − Σᵢ mᵢW'ᵢⱼ.</summary>
    public static void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias,
        int rows, int units)
    {
        var shift = new double[units];
        for (int i = 0; i < rows; i++)
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
