using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// RealMLP's numeric preprocessing in front of an encoding part (<see cref="NumericScaling.RobustSmoothClip"/> with
/// <see cref="NumericEncoding.Periodic"/>): the batch's dense block is robustly scaled and smoothly clipped
/// (<see cref="RobustClip"/>) into the scratch, and the inner part (a periodic one) reads those values instead of the
/// rows, its embedded features and its pass-through slots alike, as a <see cref="ClippedDenseInput"/> reads every slot. The
/// inner part's kernels are unchanged: it sees a dense block whose values lie within ±3. Nothing to learn here; the
/// clip's medians and scales are stored with the part (<see cref="InputPartDescription.Clip"/>, model format 11).
/// </summary>
/// <remarks>Scratch per row: the clipped values (features), then the inner part's scratch.</remarks>
internal sealed class ClippedFeaturesInput : IFixedEncodingPart
{
    private readonly RobustClip _clip;
    private readonly int _features;

    public ClippedFeaturesInput(RobustClip clip, IInputPart inner)
    {
        if (clip.Features != inner.Description.Slots)
            throw new ArgumentException($"The robust scaling is for {clip.Features} features; the part reads {inner.Description.Slots}.", nameof(clip));
        _clip = clip;
        _features = clip.Features;
        Inner = inner;
    }

    /// <summary>The part that reads the clipped values.</summary>
    public IInputPart Inner { get; }

    public InputPartDescription Description => Inner.Description with { Clip = _clip };

    public IReadOnlyList<Parameter> Parameters => Inner.Parameters;

    public int ScratchPerRow => _features + Inner.ScratchPerRow;

    public void Initialize(Rng rng) => Inner.Initialize(rng);

    public void FinishTraining() => Inner.FinishTraining();

    public void Forward(in InputView input, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate, int threads, Span<float> scratch)
    {
        int rows = input.Rows;
        Span<float> clipped = scratch.Slice(0, rows * _features);
        Encode(input, clipped);
        ForwardEncoded(input, clipped, weights, z, units, accumulate, threads, scratch);
    }

    /// <summary>The clipped values' width: the features.</summary>
    public int EncodedWidth => _features;

    /// <summary>The clipped values of <paramref name="input"/>'s rows.</summary>
    public void Encode(in InputView input, Span<float> clipped) => ClippedDenseInput.Clip(_clip, input.Dense, clipped, input.Rows);

    /// <summary>The inner part's forward pass on the clipped values; its scratch after the clipped values', as in
    /// <see cref="Forward"/>. With <paramref name="skipZeros"/>, a periodic inner part's product skips its E's zeros
    /// (<see cref="PeriodicInput.ForwardSkippingZeros"/>).</summary>
    public void ForwardEncoded(in InputView input, ReadOnlySpan<float> clipped, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate,
        int threads, Span<float> scratch, bool skipZeros = false)
    {
        var view = With(input, clipped.Slice(0, input.Rows * _features));
        var innerScratch = scratch.Slice(input.Rows * _features);
        if (skipZeros && Inner is PeriodicInput periodic) periodic.ForwardSkippingZeros(view, weights, z, units, accumulate, innerScratch);
        else Inner.Forward(view, weights, z, units, accumulate, threads, innerScratch);
    }

    /// <summary>With the clipped values the forward pass left in the scratch.</summary>
    public void Backward(in InputView input, ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> weightGradient, int units, int threads,
        Span<float> scratch)
    {
        int rows = input.Rows;
        Inner.Backward(With(input, scratch.Slice(0, rows * _features)), delta, weights, weightGradient, units, threads, scratch.Slice(rows * _features));
    }

    public void Expand(in InputView input, int row, IReadOnlyList<double[]> parameters, Span<double> destination)
    {
        var clipped = new float[_features];
        _clip.Apply(input.Dense.Slice(row * _features, _features), clipped);
        Inner.Expand(InputView.OfDense(clipped, 1), 0, parameters, destination);
    }

    /// <summary>The inner part's bound for values within ±3 (the clip's range), whatever the features.</summary>
    public void AddBound(double maxAbsInput, ReadOnlySpan<float> weights, int units, Span<double> bounds) => Inner.AddBound(3.0, weights, units, bounds);

    /// <summary>Nothing to fold: the trainer does not standardise a feature vector it scales robustly (the clip replaces
    /// the standardisation); a non-identity map is refused.</summary>
    public void FoldFeatureScaling(ReadOnlySpan<float> offsets, ReadOnlySpan<float> inverseScales, Span<float> weights, Span<float> bias, int units)
    {
        for (int f = 0; f < offsets.Length; f++)
            if (offsets[f] != 0f || inverseScales[f] != 1f)
                throw new InvalidOperationException("A robustly scaled feature vector is not standardised as well.");
    }

    // The view with its dense block replaced by the clipped values (its other blocks as they are).
    private static InputView With(in InputView input, ReadOnlySpan<float> dense) =>
        new(input.Rows, dense, input.SparseOffsets, input.SparseIndices, input.SparseValues, input.Keys);
}
