using System.Numerics.Tensors;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>
/// The affine maps the trainer applies to what the network sees: each feature x → (x − m)/s and, for regression, the
/// label y → (y − μ)/σ, with statistics of the training rows. After training, the feature map is folded into the first
/// layer (W'ᵢⱼ = Wᵢⱼ/sᵢ, b'ⱼ = bⱼ − Σᵢ mᵢW'ᵢⱼ), so the model takes raw features; the label map is kept as the model's
/// target offset μ and scale σ, so scores come back in the label's units.
/// </summary>
/// <remarks>A feature already at mean 0 and deviation 1 (within <see cref="Tolerance"/>, e.g. after a centring
/// normaliser) keeps offset 0 and scale 1, and a constant feature keeps scale 1: when no feature needs a change the map
/// is the identity and training is exactly what it would be without it.</remarks>
internal sealed class Standardization
{
    /// <summary>How close to 0 a mean and to 1 a deviation must be to be left alone.</summary>
    public const double Tolerance = 1e-3;

    // Training multiplies by the float reciprocal and the fold divides by the same value, so both see one map.
    private readonly float[]? _offsets, _inverseScales;

    private Standardization(double[]? offsets, double[]? scales, float targetOffset, float targetScale)
    {
        if (offsets is not null && scales is not null)
        {
            _offsets = offsets.Select(o => (float)o).ToArray();
            _inverseScales = scales.Select(s => (float)(1.0 / s)).ToArray();
        }
        TargetOffset = targetOffset;
        TargetScale = targetScale;
    }

    private Standardization(float[]? offsets, float[]? inverseScales, float targetOffset, float targetScale)
    {
        _offsets = offsets;
        _inverseScales = inverseScales;
        TargetOffset = targetOffset;
        TargetScale = targetScale;
    }

    /// <summary>No change at all.</summary>
    public static Standardization Identity { get; } = new((double[]?)null, null, 0f, 1f);

    /// <summary>μ: added to the (scaled) network output to give the label's units; 0 when the label is not standardised.</summary>
    public float TargetOffset { get; }

    /// <summary>σ: the network output's factor to the label's units; 1 when the label is not standardised.</summary>
    public float TargetScale { get; }

    /// <summary>True when some feature is shifted or scaled.</summary>
    public bool ChangesFeatures => _offsets is not null;

    /// <summary>The feature map, x → (x − offset)·inverseScale per feature, or null when it is the identity: what a part
    /// that standardises its own values (a periodic part beside a piecewise-linear one) is given.</summary>
    public (float[] Offsets, float[] InverseScales)? FeatureMap => _offsets is null ? null : (_offsets, _inverseScales!);

    /// <summary>True when the label is shifted or scaled.</summary>
    public bool ChangesTarget => TargetOffset != 0f || TargetScale != 1f;

    /// <summary>True when nothing changes.</summary>
    public bool IsIdentity => !ChangesFeatures && !ChangesTarget;

    /// <summary>The maps a cluster's worker is sent (<see cref="FeatureMap"/>, <see cref="TargetOffset"/> and
    /// <see cref="TargetScale"/> of the coordinator's plan) to standardise the rows it reads: each feature
    /// x → (x − offset)·inverseScale (no feature map when both are null), the label y → (y − <paramref name="targetOffset"/>)/<paramref name="targetScale"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A map that is not one: a non-finite value, a scale ≤ 0, or offsets and scales of different lengths.</exception>
    public static Standardization OfMaps(float[]? offsets, float[]? inverseScales, float targetOffset, float targetScale)
    {
        if (!(targetScale > 0f) || !float.IsFinite(targetScale) || !float.IsFinite(targetOffset))
            throw new ArgumentOutOfRangeException(nameof(targetScale), $"A label map needs a finite offset and a finite scale > 0; got {targetOffset} and {targetScale}.");
        if ((offsets is null) != (inverseScales is null) || offsets is not null && (offsets.Length == 0 || offsets.Length != inverseScales!.Length))
            throw new ArgumentOutOfRangeException(nameof(offsets), $"A feature map needs as many offsets as scales, at least one; got {offsets?.Length.ToString() ?? "none"} and {inverseScales?.Length.ToString() ?? "none"}.");
        if (offsets is not null && Enumerable.Range(0, offsets.Length).FirstOrDefault(i => !float.IsFinite(offsets[i]) || !(inverseScales![i] > 0f) || !float.IsFinite(inverseScales[i]), -1) is var bad and >= 0)
            throw new ArgumentOutOfRangeException(nameof(offsets), $"Feature {bad}'s map needs a finite offset and a finite inverse scale > 0; got {offsets[bad]} and {inverseScales![bad]}.");
        return new(offsets is null ? null : (float[])offsets.Clone(), (float[]?)inverseScales?.Clone(), targetOffset, targetScale);
    }

    /// <summary>The maps for the rows <paramref name="summary"/> counted.</summary>
    /// <param name="summary">The counting pass over the training rows.</param>
    /// <param name="features">Standardise the features.</param>
    /// <param name="target">Standardise the label (regression).</param>
    /// <param name="centre">Subtract the means (false: only scale, so zeros stay zeros; the fit plan itself takes sparse
    /// rows unscaled, see <see cref="FitPlan"/>).</param>
    public static Standardization Create(DataSummary summary, bool features, bool target, bool centre = true)
    {
        double[]? offsets = null, scales = null;
        if (features)
        {
            offsets = new double[summary.Columns];
            scales = new double[summary.Columns];
            bool changes = false;
            for (int c = 0; c < summary.Columns; c++)
            {
                double mean = summary.FeatureMeans[c], deviation = summary.FeatureDeviations[c];
                bool constant = deviation <= 1e-6 * Math.Max(1, Math.Abs(mean));
                offsets[c] = !centre || Math.Abs(mean) <= Tolerance ? 0 : mean;
                scales[c] = constant || Math.Abs(deviation - 1) <= Tolerance ? 1 : deviation;
                changes |= offsets[c] != 0 || scales[c] != 1;
            }
            if (!changes) offsets = scales = null;
        }
        float targetOffset = 0f, targetScale = 1f;
        if (target)
        {
            double sd = Math.Sqrt(summary.LabelVariance);
            targetOffset = (float)summary.LabelMean;
            // A constant label is only shifted; a label's spread can exceed float's range only through huge values.
            targetScale = sd > 0 && double.IsFinite(sd) ? (float)Math.Min(sd, float.MaxValue) : 1f;
            if (targetScale == 0f) targetScale = 1f;
        }
        return new Standardization(offsets, scales, targetOffset, targetScale);
    }

    /// <summary>Standardises <paramref name="rows"/> rows of features in place (row-major).</summary>
    public void ApplyToFeatures(Span<float> features, int rows)
    {
        if (_offsets is null) return;
        int columns = _offsets.Length;
        for (int r = 0; r < rows; r++)
        {
            var row = features.Slice(r * columns, columns);
            TensorPrimitives.Subtract(row, _offsets, row);
            TensorPrimitives.Multiply(row, _inverseScales!, row);
        }
    }

    /// <summary>Scales sparse rows' values in place (<paramref name="indices"/>: each value's slot). A sparse block is never
    /// centred, so this is x·s⁻¹ per value: what <see cref="ApplyToFeatures(Span{float}, int)"/> gives the same values in a dense row.</summary>
    public void ApplyToSparse(ReadOnlySpan<int> indices, Span<float> values)
    {
        if (_offsets is null) return;
        for (int k = 0; k < values.Length; k++)
        {
            int slot = indices[k];
            if (_offsets[slot] != 0f) throw new InvalidOperationException("A centring standardisation cannot be applied to sparse rows.");
            values[k] = (values[k] - _offsets[slot]) * _inverseScales![slot];
        }
    }

    /// <summary>Standardises the first <paramref name="rows"/> rows of a batch's features in place, dense or sparse.</summary>
    public void ApplyToFeatures(InputBatch batch, int rows)
    {
        if (_offsets is null) return;
        if (batch.Shape.SparseWidth == 0)
        {
            ApplyToFeatures(batch.Dense, rows);
            return;
        }
        int entries = batch.SparseOffsets[rows];
        ApplyToSparse(batch.SparseIndices.AsSpan(0, entries), batch.SparseValues.AsSpan(0, entries));
    }

    /// <summary>Standardises labels in place.</summary>
    public void ApplyToTargets(Span<float> targets)
    {
        if (!ChangesTarget) return;
        float inverse = 1f / TargetScale;
        // In double: a label near float's limits must not overflow before it is scaled.
        for (int i = 0; i < targets.Length; i++) targets[i] = (float)((targets[i] - (double)TargetOffset) * inverse);
    }

    /// <summary>A standardised copy of <paramref name="data"/> (the same object when nothing changes).</summary>
    public TrainingData Apply(TrainingData data)
    {
        if (IsIdentity) return data;
        var copy = data.IsSparse
            ? TrainingData.Sparse(data.SparseOffsets, data.SparseIndices, (float[])data.SparseValues.Clone(), data.Rows, data.Columns,
                (float[])data.Targets.Clone(), data.TargetWidth, data.Weights, data.Keys, data.KeyColumns)
            : new TrainingData((float[])data.Features.Clone(), data.Rows, data.Columns, (float[])data.Targets.Clone(), data.TargetWidth, data.Weights,
                data.Keys, data.KeyColumns);
        return ApplyInPlace(copy);
    }

    /// <summary>Standardises <paramref name="data"/>'s own arrays (a copy nobody else holds) and returns it.</summary>
    public TrainingData ApplyInPlace(TrainingData data)
    {
        if (IsIdentity) return data;
        if (data.IsSparse)
        {
            int entries = data.SparseOffsets[data.Rows];
            ApplyToSparse(data.SparseIndices.AsSpan(0, entries), data.SparseValues.AsSpan(0, entries));
        }
        else ApplyToFeatures(data.Features, data.Rows);
        ApplyToTargets(data.Targets);
        return data;
    }

    /// <summary>Folds the feature map into the first layer of <paramref name="network"/>, so that it takes raw
    /// features and computes what it computed on standardised ones.</summary>
    public void FoldInto(NeuralNetwork network)
    {
        if (_offsets is null) return;
        network.Input.FoldFeatureScaling(_offsets, _inverseScales);
    }
}
