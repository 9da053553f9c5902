using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

/// <summary>
/// How one <c>Fit</c> trains, resolved once from the options, the task, the counting pass over the training rows and
/// the backend (if any): the mode, the number of networks, the standardisation, the hold-out, epoch and patience rules,
/// who checks the final outputs, and the engine settings every network starts from. The trainer's parts read the plan;
/// nothing is re-derived from the options and no setting is changed after the plan is made (a network's own settings
/// are built from it with <c>with</c>: <see cref="ForNetwork"/>).
/// </summary>
internal sealed record FitPlan
{
    public required FitMode Mode { get; init; }

    public required BackpropTask Task { get; init; }

    /// <summary>The loss, with its parameter.</summary>
    public required LossSpec Loss { get; init; }

    /// <summary>Rows per micro-batch in the micro-batch modes; null for the default loop.</summary>
    public required int? MicroBatchSize { get; init; }

    /// <summary>Networks trained and averaged.</summary>
    public required int Networks { get; init; }

    /// <summary>What a row of input carries: the features as one dense block, or as one sparse block (CSR) when the
    /// plan reads them sparse (<see cref="ReadsSparse"/>).</summary>
    public required InputShape Inputs { get; init; }

    /// <summary>The maps applied to what the networks see (the identity when the mode or the options do not standardise).</summary>
    public required Standardization Standardization { get; init; }

    /// <summary>When id-like embedding tables get their prior (<see cref="AutomaticSettings.IdTablePrior"/>; with an id-like
    /// column, the automatic <see cref="BackpropTrainer.Options.SparseUpdates"/> and, in the in-memory or streamed loop,
    /// tables within the size bound: <see cref="IdTablePriorsOf"/>): the most keys a table may have and not be id-like,
    /// from all the training rows, as its narrower width and the bound were decided; null without the prior.</summary>
    public int? IdTableMostKeys { get; init; }

    /// <summary>Who checks that the finished model's outputs are finite on the training rows.</summary>
    public required FinalOutputCheck FinalCheck { get; init; }

    /// <summary>Share of each network's rows held out for validation: a number, or null for the automatic rule
    /// (<see cref="HoldOutFor"/>).</summary>
    public required float? HoldOut { get; init; }

    /// <summary>Epochs: a number, or null for the automatic budget of each network's rows.</summary>
    public required int? Epochs { get; init; }

    /// <summary>Patience: a number, or null for automatic (with automatic epochs and validation rows) or none.</summary>
    public required int? Patience { get; init; }

    /// <summary>Threads each network uses (all of them for one network; one each when an ensemble trains side by side).</summary>
    public required int ThreadsPerNetwork { get; init; }

    /// <summary>Networks trained at once.</summary>
    public required int NetworksAtOnce { get; init; }

    /// <summary>The engine settings every network starts from (seed, epochs, patience and threads are set per network).</summary>
    public required TrainingOptions Training { get; init; }

    /// <summary>The architecture and initialisation every network starts from (its seed is set per network).</summary>
    public required NetworkOptions Architecture { get; init; }

    /// <summary>The input stage, the automatic encoding, its bins and the scaling resolved (<see cref="InputStageOf"/>).</summary>
    public required FitInputStage InputStage { get; init; }

    /// <summary>The mode of a Fit: the options' loading and micro-batch settings, and whether a backend brings the rows.</summary>
    public static FitMode ModeOf(BackpropTrainer.Options options, bool hasBackend) => (options.MicroBatchSize, hasBackend, options.DataLoading) switch
    {
        (not null, true, _) => FitMode.Cluster,
        (not null, false, _) => FitMode.LocalMicroBatch,
        (null, false, DataLoading.Streaming) => FitMode.Streaming,
        (null, false, _) => FitMode.InMemory,
        (null, true, _) => throw new ArgumentException("A training backend needs Options.MicroBatchSize.", nameof(options)),
    };

    /// <summary>The mode matrix: what each mode allows. The micro-batch modes train what a cluster can: one network by
    /// default (<see cref="BackpropTrainer.Options.EnsembleSize"/> when set, one network after another), on
    /// the features and the label standardised (maps the workers apply as they read a row, <see cref="StandardizedRows"/>),
    /// with the validation rows the caller gives or a hold-out drawn row by row (the same rows in the single-process mode
    /// and on any number of workers).</summary>
    public static ModeRules RulesOf(FitMode mode) => mode switch
    {
        FitMode.InMemory => new(Ensembles: true, StandardizesFeatures: true, StandardizesLabel: true, AutomaticHoldOut: true, RowsInMemory: true, RowsInProcess: true),
        FitMode.Streaming => new(Ensembles: true, StandardizesFeatures: true, StandardizesLabel: true, AutomaticHoldOut: true, RowsInMemory: false, RowsInProcess: true),
        FitMode.LocalMicroBatch => new(Ensembles: false, StandardizesFeatures: true, StandardizesLabel: true, AutomaticHoldOut: true, RowsInMemory: true, RowsInProcess: true, HoldsOutByRow: true,
            NetworksOneAfterAnother: true),
        FitMode.Cluster => new(Ensembles: false, StandardizesFeatures: true, StandardizesLabel: true, AutomaticHoldOut: true, RowsInMemory: false, RowsInProcess: false, HoldsOutByRow: true,
            NetworksOneAfterAnother: true),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown fit mode."),
    };

    /// <summary>Whether the first layer reads the features sparse: the options' <see cref="BackpropTrainer.Options.SparseInput"/>,
    /// or, automatically, when at most <see cref="Defaults.SparseInputDensity"/> of the counted rows' feature values are
    /// non-zero, unless the options ask for an input stage of the dense path (an explicit <see cref="BackpropTrainer.Options.NumericEncoding"/>
    /// other than None, <see cref="NumericScaling.RobustSmoothClip"/> or <see cref="BackpropTrainer.Options.LearnFeatureScales"/>).
    /// The automatic values do not ask for one: they are resolved after this rule (<see cref="InputStageOf"/>).</summary>
    public static bool ReadsSparse(BackpropTrainer.Options options, DataSummary summary) =>
        options.SparseInput ?? (options.NumericEncoding is NumericEncoding.None or NumericEncoding.Auto && !options.LearnFeatureScales
            && options.NumericScaling != NumericScaling.RobustSmoothClip && summary.Density <= Defaults.SparseInputDensity);

    /// <summary>The input stage of a fit: the sparse path decided first (<see cref="ReadsSparse"/>), then the automatic
    /// values resolved. <see cref="NumericEncoding.Auto"/> on the dense path in every mode (in memory, where it was measured
    /// best; streamed, its statistics from the stream's sample; in the micro-batch and cluster modes with
    /// <see cref="BackpropTrainer.Options.StandardizeFeatures"/> on, on the rows in memory or the cluster's sample: in both
    /// measured to close the gap to in memory) is the composition that met every issue-25 target (<see cref="Defaults.AutoNumericEncoding"/>):
    /// <see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/> on <see cref="Defaults.AutoNumericBins"/>
    /// <see cref="NumericBinning.Supervised"/> bins per feature, with learned scales, and <see cref="NumericScaling.RobustSmoothClip"/>
    /// when the scaling is <see cref="NumericScaling.Auto"/> too; <see cref="NumericEncoding.None"/> in the other modes and on
    /// the sparse path. The automatic encoding's bins are its own: the options' <see cref="BackpropTrainer.Options.NumericBins"/>
    /// and <see cref="BackpropTrainer.Options.NumericBinning"/> are those of an explicit piecewise-linear encoding only, which
    /// keeps exactly the meaning it had. <see cref="NumericScaling.Auto"/> is Standard unless the encoding resolved that way,
    /// so an explicit encoding keeps the behaviour it had before the automatic values; in the micro-batch and cluster modes,
    /// with no encoding on the dense path and <see cref="BackpropTrainer.Options.StandardizeFeatures"/> on, it is
    /// <see cref="Defaults.MicroBatchNumericScaling"/> (StandardizeFeatures off keeps the features as given there, as before).</summary>
    public static FitInputStage InputStageOf(BackpropTrainer.Options options, FitMode mode, DataSummary summary)
    {
        bool sparse = ReadsSparse(options, summary);
        bool automatic = options.NumericEncoding == NumericEncoding.Auto;
        // The micro-batch modes take it too, unless StandardizeFeatures = false asks for the features as given there.
        bool composed = automatic && !sparse && (mode is FitMode.InMemory or FitMode.Streaming || mode is FitMode.LocalMicroBatch or FitMode.Cluster && options.StandardizeFeatures);
        var encoding = !automatic ? options.NumericEncoding : composed ? Defaults.AutoNumericEncoding : NumericEncoding.None;
        // The micro-batch modes' plain stage clips by default too (Defaults.MicroBatchNumericScaling), unless the features are to be taken as given.
        bool clips = mode is FitMode.LocalMicroBatch or FitMode.Cluster && !sparse && encoding == NumericEncoding.None && options.StandardizeFeatures;
        var scaling = options.NumericScaling != NumericScaling.Auto ? options.NumericScaling : composed ? Defaults.AutoNumericScaling
            : clips ? Defaults.MicroBatchNumericScaling : NumericScaling.Standard;
        return new FitInputStage(sparse, encoding, scaling, options.LearnFeatureScales || composed,
            composed ? Defaults.AutoNumericBinning : options.NumericBinning, composed ? Defaults.AutoNumericBins : options.NumericBins, automatic);
    }

    /// <summary>How rows a mini-batch does not touch are updated: the options' <see cref="BackpropTrainer.Options.SparseUpdates"/>,
    /// or, automatically, row-wise state on a sparse first layer whose optimizer state per value would take more than
    /// <see cref="Defaults.RowWiseStateBytes"/> (<see cref="PerValueStateBytes"/>), else catch-up on one whose rows
    /// average at least <see cref="Defaults.CatchUpNonZerosPerRow"/> non-zeros (text), lazy otherwise.</summary>
    public static SparseUpdates SparseUpdatesOf(BackpropTrainer.Options options, bool sparse, DataSummary summary) =>
        options.SparseUpdates
        ?? (sparse && PerValueStateBytes(options, summary.Columns) > Defaults.RowWiseStateBytes ? SparseUpdates.RowWise
            : sparse && summary.Rows > 0 && summary.NonZeros >= (double)Defaults.CatchUpNonZerosPerRow * summary.Rows ? SparseUpdates.CatchUp
            : Defaults.SparseUpdates);

    /// <summary>The bytes of the optimizer's state of a sparse first layer of <paramref name="slots"/> rows: one float per
    /// value and per buffer of the rule (Adam and AdamW two, plain SGD none, the others one).</summary>
    public static long PerValueStateBytes(BackpropTrainer.Options options, int slots)
    {
        int units = options.HiddenLayers is { Length: > 0 } hidden ? hidden[0] : 1;
        int buffers = options.Optimizer switch
        {
            OptimizerKind.Sgd => 0,
            OptimizerKind.Adam or OptimizerKind.AdamW => 2,
            _ => 1,
        };
        return (long)slots * units * sizeof(float) * buffers;
    }

    /// <summary>The plan of a Fit.</summary>
    /// <param name="options">The trainer's checked options.</param>
    /// <param name="mode">The fit's mode (<see cref="ModeOf"/>).</param>
    /// <param name="task">The task (resolved: never Auto).</param>
    /// <param name="loss">The loss for the task.</param>
    /// <param name="summary">The counting pass over the training rows.</param>
    /// <param name="hasValidationData">Whether <c>Fit</c> got validation rows.</param>
    /// <param name="processors">The machine's cores (for <see cref="BackpropTrainer.Options.NumberOfThreads"/> = 0).</param>
    /// <param name="inputParts">The network's input parts (<see cref="InputPartsFor"/>: its embedding tables are taken; the
    /// feature vector is a dense or sparse block as the rows are read), or null for the feature vector alone.</param>
    /// <param name="bins">With <see cref="NumericEncoding.PiecewiseLinear"/>: the features' bin edges, the feature vector
    /// then entering encoded and not standardised; null for the feature vector as it is.</param>
    /// <param name="embeddedSlots">With <see cref="NumericEncoding.Periodic"/>: the slots to embed
    /// (<see cref="PeriodicFeatures.EmbeddedSlots"/>; none: the feature vector enters as a dense block), or null for every slot.</param>
    /// <param name="clip">With <see cref="NumericScaling.RobustSmoothClip"/>: the features' robust scaling, the feature
    /// vector then entering clipped and not standardised; null otherwise.</param>
    public static FitPlan Resolve(BackpropTrainer.Options options, FitMode mode, BackpropTask task, LossFunction loss, DataSummary summary,
        bool hasValidationData, int processors, IReadOnlyList<InputPartDescription>? inputParts = null, QuantileBins? bins = null,
        int[]? embeddedSlots = null, RobustClip? clip = null)
    {
        if (clip is not null && clip.Features != summary.Columns)
            throw new ArgumentException($"The robust scaling is for {clip.Features} features; the rows have {summary.Columns}.", nameof(clip));
        if (bins is not null && bins.Features != summary.Columns)
            throw new ArgumentException($"The bin edges are for {bins.Features} features; the rows have {summary.Columns}.", nameof(bins));
        var rules = RulesOf(mode);
        bool regression = task == BackpropTask.Regression;
        var stage = InputStageOf(options, mode, summary);
        if (clip is not null && stage.Scaling != NumericScaling.RobustSmoothClip)
            throw new ArgumentException($"A robust scaling is given, but the input stage's scaling is {stage.Scaling}.", nameof(clip));
        // Bin edges exist with a piecewise-linear encoding only, explicit (which keeps the automatic sparse path off) or the
        // automatic one (resolved on the dense path only).
        bool sparse = stage.Sparse;
        // A sparse block is taken as it comes: centring would make it dense, and scaling (measured on fine_foods and
        // insteval, tests/MLNet.Backprop.Quality) divides rare n-grams and ids by tiny deviations: as good on the text,
        // worse on the ids (RMSE 1.217/1.220 scaled against 1.208/1.208 unscaled, seeds 0 and 1).
        // An encoded feature vector is not standardised: its bin edges are on the raw values and the encoding does not
        // depend on the features' scale.
        // A robustly scaled feature vector is not standardised either: its part's map replaces the standardisation.
        var standardization = Standardization.Create(summary, rules.StandardizesFeatures && options.StandardizeFeatures && !sparse && bins is null && clip is null,
            target: rules.StandardizesLabel && regression && options.StandardizeLabel);
        int networks = NetworksOf(options, mode);
        int threads = options.NumberOfThreads == 0 ? processors : options.NumberOfThreads;
        // The micro-batch modes train their networks one after another: each step is already split over every thread
        // (or a cluster's workers, which run one job at a time), so each network keeps them all.
        int atOnce = rules.NetworksOneAfterAnother ? 1 : Math.Max(1, Math.Min(threads, networks));
        // One network can score its own rows as it trained; a folded standardisation or an average of networks is a
        // different function, so then the finished model is checked instead (once, not once per network).
        var finalCheck = !rules.RowsInProcess ? FinalOutputCheck.None
            : mode == FitMode.LocalMicroBatch || !standardization.IsIdentity || networks > 1 ? FinalOutputCheck.Model
            : FinalOutputCheck.EachNetwork;
        float? holdOut = HoldOutOf(options, mode, hasValidationData);
        var lossSpec = LossSpec.Of(loss, options.HuberDelta, options.FocalGamma);
        var tables = (inputParts ?? []).Where(p => p.Kind == InputKind.Embedding).ToArray();
        int keyColumns = tables.Length;
        return new FitPlan
        {
            Mode = mode,
            Task = task,
            Loss = lossSpec,
            Inputs = sparse ? new InputShape(DenseWidth: 0, SparseWidth: summary.Columns, KeyColumns: keyColumns)
                : new InputShape(summary.Columns, KeyColumns: keyColumns),
            Networks = networks,
            MicroBatchSize = mode is FitMode.LocalMicroBatch or FitMode.Cluster ? options.MicroBatchSize : null,
            Standardization = standardization,
            FinalCheck = finalCheck,
            HoldOut = holdOut,
            Epochs = options.NumberOfEpochs,
            Patience = options.EarlyStoppingPatience,
            NetworksAtOnce = atOnce,
            ThreadsPerNetwork = atOnce > 1 ? 1 : threads,
            IdTableMostKeys = IdTablePriorsOf(options, mode, (inputParts ?? []).Where(p => p.Kind != InputKind.Embedding).Sum(p => p.Slots),
                [.. tables.Select(t => t.Slots - 1)], summary.Rows) ? AutomaticSettings.IdLikeKeys(summary.Rows) - 1 : null,
            Training = options.ToTrainingOptions(lossSpec) with
            {
                CheckFinalOutputs = finalCheck == FinalOutputCheck.EachNetwork,
                SparseUpdates = SparseUpdatesOf(options, sparse, summary),
            },
            InputStage = stage,
            // The feature vector enters as a sparse block when it is read sparse; the tables follow it.
            Architecture = (sparse && !options.ActivationIsSet
                ? options.ToNetworkOptions() with { Activation = ActivationSpec.Of(Defaults.SparseActivation, options.LeakyReluSlope, options.EluAlpha) }
                : options.ToNetworkOptions()) with { InputParts = [.. BothBlocks(options, stage, summary, bins, embeddedSlots, clip) ?? PeriodicBlock(options, stage, summary.Columns, embeddedSlots, clip) ?? FeatureBlock(sparse, summary.Columns, bins, stage.LearnsScales, clip), .. tables] },
        };
    }

    /// <summary>Whether id-like tables get their prior and narrower width (<see cref="IdTableMostKeys"/>): under the automatic
    /// <see cref="BackpropTrainer.Options.SparseUpdates"/>, when a column is id-like (<see cref="AutomaticSettings.IdLikeKeys"/>)
    /// and the optimizer is one they were measured to help (<see cref="AutomaticSettings.IdTablePriorSuits"/>). In the in-memory and streamed loops only while the narrower tables' every-row steps cost about no more than the lazy
    /// steps on the rule's widths (<see cref="AutomaticSettings.IdTablePriorFits"/>; larger tables keep those). The
    /// micro-batch and cluster modes have no such bound: they update every row every step whatever the rule (their reduced
    /// gradient is dense), so the prior adds one multiply-add per table value to a step that already visits each value,
    /// and the narrower widths make that step, the micro-batches' gradient sums and the cluster's messages smaller.</summary>
    /// <param name="options">The trainer's checked options.</param>
    /// <param name="mode">The fit's mode.</param>
    /// <param name="features">The feature vector's length.</param>
    /// <param name="keyCounts">Each categorical column's key count.</param>
    /// <param name="rows">The training rows.</param>
    public static bool IdTablePriorsOf(BackpropTrainer.Options options, FitMode mode, int features, IReadOnlyList<int> keyCounts, long rows) =>
        options.SparseUpdates is null && AutomaticSettings.IdTablePriorSuits(options.Optimizer) && keyCounts.Any(keys => keys >= AutomaticSettings.IdLikeKeys(rows))
        && (mode is FitMode.LocalMicroBatch or FitMode.Cluster
            || AutomaticSettings.IdTablePriorFits(InputPartsFor(options, features, keyCounts, rows), InputPartsFor(options, features, keyCounts), rows,
                options.BatchSize, options.HiddenLayers));

    /// <summary>The hold-out rule of <see cref="HoldOut"/>: none with the user's validation rows or rows this process does
    /// not read and that are not held out row by row, else the options' share, or the automatic one (null) when the fit
    /// stops early.</summary>
    public static float? HoldOutOf(BackpropTrainer.Options options, FitMode mode, bool hasValidationData)
    {
        var rules = RulesOf(mode);
        bool earlyStopping = options.NumberOfEpochs is null || options.EarlyStoppingPatience is not null;
        // The user's validation rows win over any hold-out; a share needs the rows read by this process (in memory or
        // streamed) or drawn row by row by the workers that read them.
        return hasValidationData || !(rules.RowsInProcess || rules.HoldsOutByRow) ? 0f
            : options.ValidationFraction ?? (earlyStopping && rules.AutomaticHoldOut ? null : 0f);
    }

    /// <summary>Whether this mode's hold-out (the automatic one or <c>ValidationFraction</c>'s) is drawn row by row
    /// (<see cref="Integration.Data.TrainingSplit.HeldOutByRow"/>, not stratified): streamed rows
    /// (<see cref="Integration.Data.StreamedHoldOut"/>) and the micro-batch and cluster modes (<see cref="ModeRules.HoldsOutByRow"/>).</summary>
    public static bool DrawsHoldOutByRow(FitMode mode) => mode == FitMode.Streaming || RulesOf(mode).HoldsOutByRow;

    /// <summary>Networks a fit of this mode trains (<see cref="Networks"/>): <see cref="BackpropTrainer.Options.EnsembleSize"/>
    /// in memory and streamed; in the micro-batch and cluster modes one unless the option was set (their networks train one
    /// after another, so an ensemble multiplies the fit's time: asked for, not a default).</summary>
    public static int NetworksOf(BackpropTrainer.Options options, FitMode mode) => RulesOf(mode).Ensembles || options.EnsembleSizeIsSet ? options.EnsembleSize : 1;

    /// <summary>With <see cref="NumericEncoding.Periodic"/>, the feature vector's periodic part (standardised as a dense
    /// block is: the part is trained on the standardised values and keeps the map when it is folded; or, with
    /// <paramref name="clip"/>, reading the robustly scaled and clipped values instead), with learned scales per value it
    /// feeds the first layer when <see cref="BackpropTrainer.Options.LearnFeatureScales"/>; null otherwise, and when no slot
    /// is embedded (the feature vector is then the plain, scaled or clipped dense block).</summary>
    private static InputPartDescription[]? PeriodicBlock(BackpropTrainer.Options options, FitInputStage stage, int columns, int[]? embeddedSlots, RobustClip? clip) =>
        stage.Encoding != NumericEncoding.Periodic || embeddedSlots is { Length: 0 } ? null
        : columns == 0 ? []
        : [InputPartDescription.Periodic(new PeriodicFeatures(columns, options.PeriodicFrequencies, Defaults.PeriodicWidth, options.PeriodicScale,
            embedded: embeddedSlots)) with { Clip = clip, ScalesRows = stage.LearnsScales }];

    /// <summary>With <see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/>, the feature vector's two parts, both reading
    /// its dense block: the piecewise-linear one on the raw values (the plan does not standardise the features, as with
    /// <paramref name="bins"/> alone), then the periodic one with the features' standardisation stored as its own map (so
    /// its embeddings see the standardised values, as with <see cref="NumericEncoding.Periodic"/>), or with
    /// <paramref name="clip"/> reading the robustly scaled and clipped values instead; each with learned scales per value
    /// it feeds the first layer when the stage learns them. The periodic one is left out when no slot is embedded; the
    /// piecewise-linear one when the automatic encoding's features give no bin (no <paramref name="bins"/>). Null with any
    /// other encoding.</summary>
    private static InputPartDescription[]? BothBlocks(BackpropTrainer.Options options, FitInputStage stage, DataSummary summary, QuantileBins? bins, int[]? embeddedSlots, RobustClip? clip)
    {
        if (stage.Encoding != NumericEncoding.PiecewiseLinearAndPeriodic) return null;
        if (summary.Columns == 0) return [];
        // The automatic encoding of features that give no bin (each constant): the periodic part alone, as Periodic would.
        if (bins is null && !stage.Automatic) throw new ArgumentException("Both encodings need the bin edges.", nameof(bins));
        if (bins is null && embeddedSlots is { Length: 0 }) return null;
        InputPartDescription[] encoded = bins is null ? [] : [InputPartDescription.PiecewiseLinear(bins) with { ScalesRows = stage.LearnsScales }];
        if (embeddedSlots is { Length: 0 }) return encoded;
        var periodic = new PeriodicFeatures(summary.Columns, options.PeriodicFrequencies, Defaults.PeriodicWidth, options.PeriodicScale, embedded: embeddedSlots);
        if (bins is not null && clip is null && options.StandardizeFeatures && Standardization.Create(summary, features: true, target: false).FeatureMap is var (offsets, inverseScales))
            periodic = periodic.WithMap(offsets, inverseScales);
        return [.. encoded, InputPartDescription.Periodic(periodic) with { Clip = clip, ScalesRows = stage.LearnsScales }];
    }

    private static InputPartDescription[] FeatureBlock(bool sparse, int columns, QuantileBins? bins, bool scaled, RobustClip? clip) =>
        columns == 0 ? [] : [bins is not null ? InputPartDescription.PiecewiseLinear(bins) with { ScalesRows = scaled } : sparse ? InputPartDescription.Sparse(columns)
            : scaled ? InputPartDescription.ScaledDense(columns, clip) : clip is not null ? InputPartDescription.ClippedDense(clip) : InputPartDescription.Dense(columns)];

    /// <summary>What enters the first layer: the feature vector as a dense block, then one embedding table per
    /// categorical column, of the options' width or the automatic one (<see cref="AutomaticSettings.EmbeddingWidth(int, float, int)"/>).</summary>
    /// <param name="options">The trainer's checked options.</param>
    /// <param name="features">The feature vector's length.</param>
    /// <param name="keyCounts">Each categorical column's key count, in <see cref="BackpropTrainer.Options.CategoricalColumnNames"/> order.</param>
    /// <param name="idRows">The training rows, once counted, when id-like columns get their narrower automatic width
    /// (<see cref="IdTableMostKeys"/>); null for the rule's widths alone (before the rows are read: the widest).</param>
    public static IReadOnlyList<InputPartDescription> InputPartsFor(BackpropTrainer.Options options, int features, IReadOnlyList<int> keyCounts, long? idRows = null) =>
    [
        .. features > 0 ? [InputPartDescription.Dense(features)] : Array.Empty<InputPartDescription>(),
        .. keyCounts.Select((count, i) => InputPartDescription.Embedding(count,
            options.EmbeddingWidths.TryGetValue(options.CategoricalColumnNames[i], out int width) ? width
                : AutomaticSettings.EmbeddingWidth(count, options.EmbeddingWidthScale, BackpropTrainer.Options.MaxEmbeddingWidth, idRows))),
    ];

    /// <summary>The share of <paramref name="rows"/> training rows a network holds out: the options' number, or the
    /// automatic hold-out (<see cref="AutomaticSettings.HoldOut"/>).</summary>
    public float HoldOutFor(long rows) => HoldOut ?? AutomaticSettings.HoldOut(rows, Task);

    /// <summary>The share one network holds out row by row (the micro-batch and cluster modes, <see cref="ModeRules.HoldsOutByRow"/>):
    /// an explicit <paramref name="share"/> as given; the automatic one capped as the streamed one is
    /// (<see cref="Integration.Data.StreamedHoldOut.MaxAutomaticBytes"/>), counting each held-out row as the cluster's
    /// coordinator holds it, in the form the network is served (<see cref="Integration.Data.StreamedHoldOut.RowBytes"/>:
    /// dense values, or the non-zero entries on the sparse path), and none when the cap leaves fewer than
    /// <see cref="Defaults.MinimumValidationRows"/> rows (the automatic epochs then train in full, as without a hold-out).</summary>
    /// <param name="share">The plan's share (<see cref="HoldOutFor"/>).</param>
    /// <param name="automatic">Whether the share is the automatic one.</param>
    /// <param name="summary">The counting pass over the training rows given to <c>Fit</c>.</param>
    /// <param name="inputs">The form the rows are served in (dense before the input stage is known: the binned stages,
    /// which ask first, are dense).</param>
    public static float ByRowShare(float share, bool automatic, DataSummary summary, InputShape inputs)
    {
        // The coordinator scores the held-out rows every epoch: 10 % of a long shard set need not fit in its memory; the
        // local mode takes the same share, so the two still train alike.
        float capped = Integration.Data.StreamedHoldOut.ShareOf(share, summary.Rows, Integration.Data.StreamedHoldOut.RowBytes(summary, inputs), automatic);
        return capped >= share || capped * (double)summary.Rows >= Defaults.MinimumValidationRows ? capped : 0f;
    }

    /// <summary>The settings of network <paramref name="index"/>, once its rows are known.</summary>
    /// <param name="index">0 for the first network (whose history, diagnosis and progress are the model's).</param>
    /// <param name="seed">The network's seed.</param>
    /// <param name="inputs">Features per row.</param>
    /// <param name="outputs">Network outputs.</param>
    /// <param name="rows">The network's training rows (after its hold-out).</param>
    /// <param name="validation">The network's validation rows, or null.</param>
    public NetworkPlan ForNetwork(int index, int seed, int inputs, int outputs, long rows, TrainingData? validation)
    {
        int epochs = Epochs ?? AutomaticSettings.Epochs(rows, Training.BatchSize);
        int? patience = Patience ?? (Epochs is null && validation is not null ? AutomaticSettings.Patience(rows, Training.BatchSize) : null);
        // AUC on validation rows of one class is undefined: the validation loss is watched instead (the trainer warns).
        bool aucUndefined = Training.EarlyStoppingMetric == EarlyStoppingMetric.Auc && validation is not null
            && validation.Targets.Distinct().Take(2).Count() < 2;
        return new NetworkPlan(index, seed, aucUndefined,
            Training with
            {
                Seed = (ulong)seed + 1,
                NumberOfEpochs = epochs,
                EarlyStoppingPatience = patience,
                EarlyStoppingMetric = aucUndefined ? EarlyStoppingMetric.Loss : Training.EarlyStoppingMetric,
                NumberOfThreads = ThreadsPerNetwork,
                // The prior's weight counts the network's own rows; which tables are id-like was decided on all of them.
                IdTablePrior = IdTableMostKeys is null ? 0f : AutomaticSettings.IdTablePrior(rows),
                IdTableMostKeys = IdTableMostKeys ?? 0,
                // The first network's history and diagnosis are the model's: the others skip the per-layer unit statistics.
                RecordDiagnostics = Training.RecordDiagnostics && index == 0,
            },
            Architecture with { InputSize = inputs, OutputSize = outputs, Seed = (ulong)seed });
    }
}
