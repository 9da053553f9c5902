using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Distributed.Messaging;

/// <summary>Everything a worker needs to compute any micro-batch of a run: the shards, the network's architecture, the
/// loss, the cut into steps, the seed, the class balance, the row-by-row hold-out (<see cref="Rows"/> are the rows it
/// leaves for training; a share of 0 holds out none) and the maps of the features (none when both arrays are null) and
/// the label the rows are standardised with. Sent with every step, so a replacement worker needs
/// nothing else.</summary>
[GenerateSerializer, Immutable, Alias("MLNet.Backprop.Distributed.JobSpec")]
internal sealed record JobSpec(
    [property: Id(0)] string JobId,
    [property: Id(1)] ShardInfo[] Shards,
    [property: Id(2)] LayerSpec[] Layers,
    [property: Id(3)] LossFunction Loss,
    [property: Id(4)] float LossParameter,
    [property: Id(5)] int Rows,
    [property: Id(6)] int BatchSize,
    [property: Id(7)] int MicroBatchSize,
    [property: Id(8)] ulong Seed,
    [property: Id(9)] bool Shuffle,
    [property: Id(10)] bool UnitStatistics,
    [property: Id(11)] float[]? BalanceLabels,
    [property: Id(12)] double[]? BalanceWeights,
    [property: Id(13)] InputPartSpec[] Inputs,
    [property: Id(14)] bool HasWeights,
    [property: Id(15)] double BalanceExponent = 1,
    [property: Id(16)] float HoldOutShare = 0f,
    [property: Id(17)] ulong HoldOutSeed = 0,
    [property: Id(18)] float LabelOffset = 0f,
    [property: Id(19)] float LabelScale = 1f,
    [property: Id(20)] float[]? FeatureOffsets = null,
    [property: Id(21)] float[]? FeatureInverseScales = null);

/// <summary>One shard file as the manifest describes it.</summary>
[GenerateSerializer, Immutable, Alias("MLNet.Backprop.Distributed.ShardInfo")]
internal sealed record ShardInfo([property: Id(0)] string Path, [property: Id(1)] long Rows, [property: Id(2)] string Sha256);

/// <summary>One part of the network's input stage as the core describes it (kind, slots read, rows of the first layer fed;
/// a piecewise-linear part's bin edges, per feature; a clipped, scaled or periodic part's robust scaling, centres and inverse
/// scales; a periodic part's settings; whether learned scales multiply the rows the part feeds).</summary>
[GenerateSerializer, Immutable, Alias("MLNet.Backprop.Distributed.InputPartSpec")]
internal sealed record InputPartSpec([property: Id(0)] InputKind Kind, [property: Id(1)] int Slots, [property: Id(2)] int Rows,
    [property: Id(3)] float[][]? Edges = null, [property: Id(4)] float[]? ClipCenters = null, [property: Id(5)] float[]? ClipInverseScales = null,
    [property: Id(6)] PeriodicSpec? Periodic = null, [property: Id(7)] bool ScalesRows = false)
{
    public static InputPartSpec Of(InputPartDescription d) =>
        new(d.Kind, d.Slots, d.Rows, d.Bins is { } bins ? Enumerable.Range(0, bins.Features).Select(f => bins.Edges(f).ToArray()).ToArray() : null,
            d.Clip?.Centers.ToArray(), d.Clip?.InverseScales.ToArray(), d.PeriodicSettings is { } p ? PeriodicSpec.Of(p) : null, d.ScalesRows);

    /// <exception cref="InvalidDataException">A part without the settings its kind needs, or with invalid ones.</exception>
    public InputPartDescription ToDescription()
    {
        var clip = ClipCenters is null && ClipInverseScales is null ? null
            : RobustClip.Problem(ClipCenters, ClipInverseScales) is { } invalid
                ? throw new InvalidDataException($"The job's {Kind} input has no valid robust scaling ({invalid}).")
                : new RobustClip(ClipCenters!, ClipInverseScales!);
        var description = Kind switch
        {
            InputKind.ClippedDense => clip is null ? throw new InvalidDataException("The job's clipped input has no robust scaling.") : InputPartDescription.ClippedDense(clip),
            InputKind.PiecewiseLinear => Edges is null || QuantileBins.Problem(Edges) is not null
                ? throw new InvalidDataException($"The job's piecewise-linear input has no valid bin edges ({(Edges is null ? "none sent" : QuantileBins.Problem(Edges))}).")
                : InputPartDescription.PiecewiseLinear(new QuantileBins(Edges)),
            InputKind.Periodic => Periodic is null ? throw new InvalidDataException("The job's periodic input has no settings.") : InputPartDescription.Periodic(Periodic.ToSettings()),
            _ => new InputPartDescription(Kind, Slots, Rows),
        };
        description = description with { Clip = clip, ScalesRows = ScalesRows };
        if (description.Problem() is { } problem)
            throw new InvalidDataException($"The job's {Kind} input is not valid: {problem}.");
        if (description.Slots != Slots || description.Rows != Rows)
            throw new InvalidDataException($"The job's {Kind} input reads {Slots} features into {Rows} rows, but its settings give {description.Slots} and {description.Rows}.");
        return description;
    }
}

/// <summary>A periodic part's settings (<see cref="PeriodicFeatures"/>): features read, frequencies and values per embedded
/// feature, the frequencies' scale, the embedded slots and their map.</summary>
[GenerateSerializer, Immutable, Alias("MLNet.Backprop.Distributed.PeriodicSpec")]
internal sealed record PeriodicSpec([property: Id(0)] int Features, [property: Id(1)] int Frequencies, [property: Id(2)] int Width,
    [property: Id(3)] float Scale, [property: Id(4)] int[] Embedded, [property: Id(5)] float[] Offsets, [property: Id(6)] float[] InverseScales)
{
    public static PeriodicSpec Of(PeriodicFeatures p) => new(p.Features, p.Frequencies, p.Width, p.Scale, p.Embedded, p.Offsets, p.InverseScales);

    public PeriodicFeatures ToSettings() => new(Features, Frequencies, Width, Scale, Offsets ?? [], InverseScales ?? [], Embedded ?? []);
}

/// <summary>One dense layer as the core describes it (shape, activation with its parameter, dropout).</summary>
[GenerateSerializer, Immutable, Alias("MLNet.Backprop.Distributed.LayerSpec")]
internal sealed record LayerSpec([property: Id(0)] int Inputs, [property: Id(1)] int Outputs, [property: Id(2)] Activation Activation,
    [property: Id(3)] float ActivationParameter, [property: Id(4)] float Dropout)
{
    public static LayerSpec Of(LayerDescription d) => new(d.Inputs, d.Outputs, d.Activation.Kind, d.Activation.Parameter, d.Dropout);

    public LayerDescription ToDescription() => new(Inputs, Outputs, new ActivationSpec(Activation, ActivationParameter), Dropout);
}

/// <summary>A worker's answer to a job: its numerics fingerprint, or why it cannot take part.</summary>
[GenerateSerializer, Immutable, Alias("MLNet.Backprop.Distributed.WorkerReady")]
internal sealed record WorkerReady([property: Id(0)] string Silo, [property: Id(1)] string? Error, [property: Id(2)] string Fingerprint,
    [property: Id(3)] double PrepareMilliseconds);

/// <summary>Compute the block [Lo, Hi) of a step's micro-batches at these weights.</summary>
[GenerateSerializer, Immutable, Alias("MLNet.Backprop.Distributed.StepRequest")]
internal sealed record StepRequest([property: Id(0)] JobSpec Job, [property: Id(1)] int Epoch, [property: Id(2)] int StepInEpoch,
    [property: Id(3)] long Step, [property: Id(4)] int Lo, [property: Id(5)] int Hi, [property: Id(6)] FloatVector Weights);

/// <summary>A node of the step's reduction tree (see the core's GradientSum).</summary>
[GenerateSerializer, Immutable, Alias("MLNet.Backprop.Distributed.NodeSum")]
internal sealed record NodeSum([property: Id(0)] int Lo, [property: Id(1)] int Hi, [property: Id(2)] double Loss, [property: Id(3)] double Weight,
    [property: Id(4)] FloatVector Gradient, [property: Id(5)] FloatVector EverActive, [property: Id(6)] long[] Saturated, [property: Id(7)] long[] Activations);

/// <summary>The nodes covering a block, or why the block could not be computed.</summary>
[GenerateSerializer, Immutable, Alias("MLNet.Backprop.Distributed.StepResult")]
internal sealed record StepResult([property: Id(0)] string Silo, [property: Id(1)] NodeSum[] Nodes, [property: Id(2)] double ComputeMilliseconds,
    [property: Id(3)] string? Error);
