using System.Buffers;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// RealMLP's scaling layer (<see cref="BackpropTrainer.Options.LearnFeatureScales"/>) on an encoded feature vector: a
/// learned scale per value the inner part feeds the first layer (per row of its W_part), u = E ⊙ s, Z += u·W_part, s
/// starting at 1. pytabkit puts the scale in front of the first linear layer, after the numeric embeddings (its first
/// block is "s-w-b-a-d"), so for a periodic part each of the d outputs of an embedded feature, and each pass-through
/// value, has its own scale. Computed around the inner part without touching its kernels: u·W = E·(diag(s)·W), so the
/// inner part runs with W' = diag(s)·W; its backward then gives dL/dW' = Eᵀ·δ and its own gradients (through dE = δ·W'ᵀ),
/// and dL/dW_ij = s_i·dL/dW'_ij, dL/ds_i = Σ_j W_ij·dL/dW'_ij (summed in order: the same for any thread count).
/// After training s is folded into W_part's rows (<see cref="NeuralNetwork.WithInputScalesFolded"/>): the saved model is
/// the inner part's, and scoring costs nothing.
/// </summary>
internal sealed class RowScaledInput : IInputPart
{
    private readonly int _rows;

    public RowScaledInput(IInputPart inner)
    {
        Inner = inner;
        _rows = inner.Description.Rows;
        Scales = new Parameter("input.scales", _rows, isWeightMatrix: false) { LearningRateFactor = ScaledDenseInput.LearningRateFactor };
        Parameters = [.. inner.Parameters, Scales];
    }

    /// <summary>The part whose values are scaled.</summary>
    public IInputPart Inner { get; }

    /// <summary>s, one per row of W_part.</summary>
    public Parameter Scales { get; }

    public InputPartDescription Description => Inner.Description with { ScalesRows = true };

    /// <summary>The inner part's, then the scales (the order a network with the scales folded keeps, less the scales).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    public int ScratchPerRow => Inner.ScratchPerRow;

    /// <summary>The inner part's draws, then every scale 1 (no draw): the network starts as the inner part's would.</summary>
    public void Initialize(Rng rng)
    {
        Inner.Initialize(rng);
        Array.Fill(Scales.Values, 1f);
    }

    public void FinishTraining() => Inner.FinishTraining();

    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch)
    {
        float[] scaled = ScaledWeights(weights, units);
        Inner.Forward(input, scaled.AsSpan(0, weights.Length), z, units, accumulate, threads, scratch);
        ArrayPool<float>.Shared.Return(scaled);
    }

    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch)
    {
        // A fixed input's gradient is Xᵀ·δ alone: it does not read the weights, so diag(s)·W is not formed for it.
        if (!Inner.BackwardReadsWeights) Inner.Backward(input, delta, weights, weightGradient, units, threads, scratch);
        else
        {
            float[] scaled = ScaledWeights(weights, units);
            Inner.Backward(input, delta, scaled.AsSpan(0, weights.Length), weightGradient, units, threads, scratch);
            ArrayPool<float>.Shared.Return(scaled);
        }
        ReadOnlySpan<float> s = Scales.Values;
        Span<float> ds = Scales.Gradients;
        for (int i = 0; i < _rows; i++)
        {
            Span<float> g = weightGradient.Slice(i * units, units);
            ds[i] = WideSums.Dot(weights.Slice(i * units, units), g);
            System.Numerics.Tensors.TensorPrimitives.Multiply(g, s[i], g);
        }
    }

    /// <summary>The inner part's values times s (the gradient check's reference).</summary>
    public void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination)
    {
        Inner.Expand(input, row, parameters.Take(parameters.Count - 1).ToArray(), destination);
        var s = parameters[^1];
        for (int i = 0; i < _rows; i++) destination[i] *= s[i];
    }

    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds)
    {
        float[] scaled = ScaledWeights(weights, units);
        Inner.AddBound(maxAbsInput, scaled.AsSpan(0, weights.Length), units, bounds);
        ArrayPool<float>.Shared.Return(scaled);
    }

    /// <summary>Not reached: the trainer folds the scales into W (<see cref="NeuralNetwork.WithInputScalesFolded"/>), which
    /// leaves the inner part, before it folds the standardisation.</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units) =>
        throw new InvalidOperationException("The learned input scales are folded into the first layer before the feature standardisation is.");

    /// <summary>W_part's row i times s_i: what the part computes, as the inner part's rows.</summary>
    public void FoldScalesInto(Span<float> weights, int units) => WeightRows.Scale(weights, Scales.Values, weights, units);

    // diag(s)·W in a rented buffer (a workspace-free part: several threads may score with one network).
    private float[] ScaledWeights(ReadOnlySpan<float> weights, int units)
    {
        var scaled = ArrayPool<float>.Shared.Rent(weights.Length);
        WeightRows.Scale(weights, Scales.Values, scaled, units);
        return scaled;
    }
}
