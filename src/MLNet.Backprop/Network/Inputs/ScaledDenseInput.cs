using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// A dense block of feature values behind a learned scale per value (<see cref="BackpropTrainer.Options.LearnFeatureScales"/>;
/// RealMLP's "scaling layer", Holzmüller et al. 2024): u = x ⊙ s enters the first layer as u·W_part, s starting at 1, so
/// training can shrink a feature it finds useless or stretch one it needs finer. Backward: dL/dW_part = uᵀ·δ;
/// G = δ·W_partᵀ; dL/ds_j = Σ_rows x_j·G_j (the rows summed in order: the same for any thread count). The scales train with
/// <see cref="LearningRateFactor"/> times the learning rate. After training they are folded into W_part's rows
/// (<see cref="NeuralNetwork.WithInputScalesFolded"/>): a saved model holds a plain dense block, and scoring costs nothing.
/// </summary>
/// <remarks>With a <see cref="RobustClip"/> (<see cref="NumericScaling.RobustSmoothClip"/>), x is the clipped value, as in
/// RealMLP where the scaling layer follows the preprocessing. Scratch per row: u (width values), then G (width values),
/// then the clipped x when there is a clip.</remarks>
internal sealed class ScaledDenseInput : IInputPart
{
    /// <summary>How much faster than the weights the scales learn: pytabkit's RealMLP default (its <c>scale_lr_factor</c>).</summary>
    public const float LearningRateFactor = 6f;

    private readonly int _width;
    private readonly RobustClip? _clip;

    /// <param name="description">A scaled dense block, with or without a <see cref="RobustClip"/> in front of its scales.</param>
    public ScaledDenseInput(InputPartDescription description)
    {
        string? problem = description.Kind != InputKind.ScaledDense ? $"a {description.Kind} input" : description.Problem();
        if (problem is not null) throw new ArgumentException($"Not a scaled dense input: {problem}.", nameof(description));
        _width = description.Slots;
        _clip = description.Clip;
        Description = description;
        Scales = new Parameter("input.scales", _width, isWeightMatrix: false) { LearningRateFactor = LearningRateFactor };
        Parameters = [Scales];
    }

    public InputPartDescription Description { get; }

    /// <summary>s, one per value of the block.</summary>
    public Parameter Scales { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    public int ScratchPerRow => (_clip is null ? 2 : 3) * _width;

    /// <summary>Every scale 1: the network starts as the plain dense block would (no draw from the generator).</summary>
    public void Initialize(Rng rng) => Array.Fill(Scales.Values, 1f);

    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch)
    {
        int rows = input.Rows;
        Span<float> scaled = scratch.Slice(0, rows * _width);
        ReadOnlySpan<float> x = Values(input, scratch), s = Scales.Values;
        for (int r = 0; r < rows; r++)
            System.Numerics.Tensors.TensorPrimitives.Multiply(x.Slice(r * _width, _width), s, scaled.Slice(r * _width, _width));
        Gemm.Multiply(scaled, false, weights, false, z, rows, units, _width, accumulate, threads);
    }

    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch)
    {
        int rows = input.Rows;
        Span<float> scaled = scratch.Slice(0, rows * _width), g = scratch.Slice(rows * _width, rows * _width);
        Gemm.Multiply(scaled, true, delta, false, weightGradient, _width, units, rows, accumulate: false, threads);
        Gemm.Multiply(delta, false, weights, true, g, rows, _width, units, accumulate: false, threads);
        ReadOnlySpan<float> x = Values(input, scratch, clip: false);
        Span<float> ds = Scales.Gradients;
        ds.Clear();
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * _width, _width), gr = g.Slice(r * _width, _width);
            for (int j = 0; j < _width; j++) ds[j] += xr[j] * gr[j];
        }
    }

    /// <summary>x of the batch: the dense block, or its clipped values (computed into the scratch's third slice when
    /// <paramref name="clip"/>, else read from there as the forward pass left them).</summary>
    private ReadOnlySpan<float> Values(in InputView input, Span<float> scratch, bool clip = true)
    {
        int rows = input.Rows;
        if (_clip is null) return input.Dense.Slice(0, rows * _width);
        Span<float> clipped = scratch.Slice(2 * rows * _width, rows * _width);
        if (clip) ClippedDenseInput.Clip(_clip, input.Dense, clipped, rows);
        return clipped;
    }

    public void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination)
    {
        ReadOnlySpan<float> values = input.Dense.Slice(row * _width, _width);
        if (_clip is not null)
        {
            var clipped = new float[_width];
            _clip.Apply(values, clipped);
            values = clipped;
        }
        var s = parameters[0];
        for (int i = 0; i < _width; i++) destination[i] = values[i] * s[i];
    }

    /// <summary>|Σ_i x_i·s_i·W_ij| ≤ m·Σ_i |s_i|·|W_ij|, in double (m = 3 behind the clip).</summary>
    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds)
    {
        ReadOnlySpan<float> s = Scales.Values;
        if (_clip is not null) maxAbsInput = 3.0;
        for (int i = 0; i < _width; i++)
        {
            double scale = maxAbsInput * Math.Abs((double)s[i]);
            var row = weights.Slice(i * units, units);
            for (int j = 0; j < units; j++) bounds[j] += scale * Math.Abs((double)row[j]);
        }
    }

    /// <summary>Not reached: the trainer folds the scales into W (<see cref="NeuralNetwork.WithInputScalesFolded"/>), which
    /// leaves a plain dense block, before it folds the standardisation.</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units) =>
        throw new InvalidOperationException("The learned input scales are folded into the first layer before the feature standardisation is.");

    /// <summary>W_part's row j times s_j: what the part computes, as a plain dense block's rows.</summary>
    public void FoldScalesInto(Span<float> weights, int units) => WeightRows.Scale(weights, Scales.Values, weights, units);
}
