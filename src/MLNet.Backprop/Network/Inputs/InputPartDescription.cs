namespace MLNet.Backprop.Network.Inputs;

/// <summary>What one part of a network's input is, apart from its learned values: what a saved model stores, a cluster's
/// job sends and the part is rebuilt from (<see cref="InputParts.Create"/>).</summary>
/// <param name="Kind">How the part enters the first layer.</param>
/// <param name="Slots">Input values the part reads per row (a dense block's width).</param>
/// <param name="Rows">Rows of the first layer's weight matrix it feeds (a dense block: one per value).</param>
internal readonly record struct InputPartDescription(InputKind Kind, int Slots, int Rows)
{
    /// <summary>A piecewise-linear part's bin edges (shared, immutable); null for the other kinds.</summary>
    public QuantileBins? Bins { get; init; }

    /// <summary>The dense feature vector of <paramref name="bins"/>' features encoded on its bins: one row of W per bin.</summary>
    public static InputPartDescription PiecewiseLinear(QuantileBins bins) => new(InputKind.PiecewiseLinear, bins.Features, bins.TotalBins) { Bins = bins };

    /// <summary>A periodic part's settings (shared, immutable); null for the other kinds.</summary>
    public PeriodicFeatures? PeriodicSettings { get; init; }

    /// <summary>The dense feature vector of <paramref name="settings"/>' features, its embedded ones as periodic
    /// embeddings (d rows of W each), then its pass-through ones (a row each).</summary>
    public static InputPartDescription Periodic(PeriodicFeatures settings) =>
        new(InputKind.Periodic, settings.Features, settings.Rows) { PeriodicSettings = settings };

    /// <summary>Whether the part reads the row's dense block (its <see cref="Slots"/> values of it).</summary>
    public bool ReadsDense => Kind is InputKind.Dense or InputKind.PiecewiseLinear or InputKind.Periodic or InputKind.ScaledDense or InputKind.ClippedDense;

    /// <summary>A dense block of <paramref name="width"/> values.</summary>
    public static InputPartDescription Dense(int width) => new(InputKind.Dense, width, width);

    /// <summary>A dense block of <paramref name="width"/> values behind a learned scale per value (training only), behind
    /// <paramref name="clip"/> too when it is given.</summary>
    public static InputPartDescription ScaledDense(int width, RobustClip? clip = null) => new(InputKind.ScaledDense, width, width) { Clip = clip };

    /// <summary>The robust scaling and smooth clip of a clipped dense block (or of a scaled one's values, or of the values a
    /// periodic part reads, <see cref="ClippedFeaturesInput"/>); null for the other kinds.</summary>
    public RobustClip? Clip { get; init; }

    /// <summary>Whether a learned scale multiplies each value the part feeds the first layer (<see cref="RowScaledInput"/>,
    /// a periodic or piecewise-linear part with <see cref="BackpropTrainer.Options.LearnFeatureScales"/>), while training
    /// only: the trainer folds the scales into the first layer's rows before the model is kept.</summary>
    public bool ScalesRows { get; init; }

    /// <summary>The dense feature vector of <paramref name="clip"/>'s features, robustly scaled and smoothly clipped: one row of W per feature.</summary>
    public static InputPartDescription ClippedDense(RobustClip clip) => new(InputKind.ClippedDense, clip.Features, clip.Features) { Clip = clip };

    /// <summary>An embedding of a key column of <paramref name="keys"/> values: a table of keys + 1 rows (row 0 for a
    /// missing or unknown key) of <paramref name="width"/> values.</summary>
    public static InputPartDescription Embedding(int keys, int width) => new(InputKind.Embedding, keys + 1, width);

    /// <summary>Values of the part's own parameters (an embedding's table); 0 for a dense block.</summary>
    public long OwnValues => Kind == InputKind.Embedding ? (long)Slots * Rows : PeriodicSettings?.OwnValues ?? 0;

    /// <summary>A sparse block of <paramref name="width"/> slots: one row of W per slot.</summary>
    public static InputPartDescription Sparse(int width) => new(InputKind.Sparse, width, width);

    /// <summary>Why this is not a valid part (a saved model may hold anything), or null.</summary>
    public string? Problem() => Kind switch
    {
        _ when !Enum.IsDefined(Kind) => $"the input kind code {(int)Kind} is unknown",
        _ when Slots < 1 || Rows < 1 => $"a {Kind} input of {Slots} slots feeding {Rows} rows is impossible",
        InputKind.Dense or InputKind.ScaledDense or InputKind.ClippedDense when Slots != Rows => $"a dense input of {Slots} values cannot feed {Rows} rows",
        InputKind.ClippedDense when Clip is null => "a clipped dense input has no scaling",
        InputKind.ClippedDense or InputKind.ScaledDense when Clip is not null && Clip.Features != Slots =>
            $"a {Kind} input of {Slots} values has a scaling of {Clip.Features} features",
        _ when Kind is not (InputKind.ClippedDense or InputKind.ScaledDense or InputKind.Periodic) && Clip is not null => $"a {Kind} input has a robust scaling",
        InputKind.Periodic when Clip is not null && Clip.Features != Slots => $"a periodic input of {Slots} values has a scaling of {Clip.Features} features",
        _ when ScalesRows && Kind is not (InputKind.Periodic or InputKind.PiecewiseLinear) => $"a {Kind} input cannot have learned scales per row",
        InputKind.Embedding when Slots < 2 => $"an embedding table of {Slots} rows has no row for a key",
        InputKind.Embedding when (long)Slots * Rows > Array.MaxLength => $"an embedding table of {Slots} × {Rows} values is larger than one array",
        InputKind.Sparse when Slots != Rows => $"a sparse input of {Slots} slots cannot feed {Rows} rows",
        InputKind.PiecewiseLinear when Bins is null => "a piecewise-linear input has no bin edges",
        InputKind.PiecewiseLinear when Bins.Features != Slots || Bins.TotalBins != Rows =>
            $"a piecewise-linear input of {Slots} features feeding {Rows} rows has edges for {Bins.Features} features and {Bins.TotalBins} bins",
        _ when Kind != InputKind.PiecewiseLinear && Bins is not null => $"a {Kind} input has bin edges",
        InputKind.Periodic when PeriodicSettings is null => "a periodic input has no settings",
        InputKind.Periodic when PeriodicSettings.Problem() is { } problem => problem,
        InputKind.Periodic when PeriodicSettings.Features != Slots || PeriodicSettings.Rows != Rows =>
            $"a periodic input of {Slots} features feeding {Rows} rows has settings for {PeriodicSettings.Features} features, " +
            $"{PeriodicSettings.Embedded.Length} embedded into {PeriodicSettings.Width} values each",
        _ when Kind != InputKind.Periodic && PeriodicSettings is not null => $"a {Kind} input has periodic settings",
        _ => null,
    };
}
