using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.Backprop.Calibration;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

/// <summary>
/// Trains a multilayer perceptron by backpropagation inside an ML.NET pipeline, for binary classification, multiclass
/// classification or regression.
/// </summary>
/// <remarks>
/// <para><c>Fit</c> reads the feature, label and optional weight columns once into memory (upstream featurizers run
/// once; with <see cref="DataLoading.Streaming"/> it reads them again every epoch instead), holds out a validation part
/// (automatically by default: <see cref="Options.ValidationFraction"/>) unless it is given validation data, then trains
/// with mini-batches shuffled every epoch. Progress goes to <c>MLContext.Log</c> and to <see cref="Options.Progress"/>.</para>
/// <para>Trainer characteristics: task from the catalog or the label type; no normaliser needed (the trainer
/// standardises, or robustly scales and encodes, the features itself: <see cref="Options.StandardizeFeatures"/>,
/// <see cref="Options.NumericEncoding"/>; one upstream does no harm); no caching needed; results are bit-identical for
/// a given seed whatever the number of threads.</para>
/// </remarks>
public sealed partial class BackpropTrainer : IEstimator<BackpropTransformer>
{
    private readonly IHost _host;
    private readonly Options _options;

    /// <summary>Creates the trainer.</summary>
    /// <param name="ml">The ML.NET context (seed and log).</param>
    /// <param name="options">The options; copied and checked now, so a bad value fails before any data is read and later
    /// changes to <paramref name="options"/> do not affect this trainer.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the exception names it and its value).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="ml"/> or <paramref name="options"/> is null, or one of the
    /// options' arrays (<see cref="Options.HiddenLayers"/>, <see cref="Options.CategoricalColumnNames"/>,
    /// <see cref="Options.EmbeddingWidths"/>).</exception>
    /// <exception cref="ArgumentException">A column name option is empty, a categorical column is named twice, or
    /// <see cref="Options.EmbeddingWidths"/> names a column that is not categorical.</exception>
    public BackpropTrainer(MLContext ml, Options options) : this((IHostEnvironment)(ml ?? throw new ArgumentNullException(nameof(ml))), options)
    {
    }

    /// <param name="environment">ML.NET's environment.</param>
    /// <param name="options">The options, copied (the caller's object is never changed).</param>
    /// <param name="task">The task a catalog trains, set on the copy; null keeps the options' own.</param>
    internal BackpropTrainer(IHostEnvironment environment, Options options, BackpropTask? task = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        if (task is BackpropTask catalogTask) _options.Task = catalogTask;
        _options.Validate();
        _host = environment.Register(nameof(BackpropTrainer));
    }

    /// <summary>A copy of the options this trainer was created with (changing it does not change the trainer).</summary>
    public Options TrainerOptions => _options.Clone();

    /// <summary>The schema after this trainer: the input columns plus the task's prediction columns.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type (named in the message).</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var kind = ToKind(ResolveTask(inputSchema));
        if (!IdsOnly(inputSchema)) SchemaValidation.CheckFeatureColumn(inputSchema, _options.FeatureColumnName);
        var label = SchemaValidation.CheckLabelColumn(inputSchema, _options.LabelColumnName, kind);
        SchemaValidation.CheckWeightColumn(inputSchema, _options.ExampleWeightColumnName);
        CategoricalColumns.Check(inputSchema, _options.CategoricalColumnNames, _options.FeatureColumnName);
        return SchemaShapes.Output(inputSchema, kind, hasClassNames: SchemaShapes.HasKeyValues(label));
    }

    /// <summary>Trains on <paramref name="input"/>, holding part of it out for early stopping as
    /// <see cref="Options.ValidationFraction"/> says (by default automatically, when early stopping is on); exceptions as
    /// <see cref="Fit(IDataView, IDataView)"/>.</summary>
    public BackpropTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>Trains on <paramref name="trainData"/>, validating (and early stopping) on <paramref name="validationData"/>.</summary>
    /// <param name="trainData">The training rows.</param>
    /// <param name="validationData">Rows for validation metrics and early stopping, with the same columns; or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mistyped; or the validation data's feature column
    /// has another width or other slot names, or its label another class count or the classes under other key numbers,
    /// than the training data's (the message names the column and both values); or an option does not fit the task or
    /// the data (a <see cref="Options.Loss"/> of another task, an <see cref="Options.EarlyStoppingMetric"/> the task has no
    /// use for or without validation rows, <see cref="Options.BalancedSampling"/>, a <see cref="Options.ClassWeighting"/> other than None
    /// or a <see cref="Options.Calibration"/> other than Auto or None for regression, a <see cref="Options.FocalGamma"/> or
    /// <see cref="Options.HuberDelta"/> changed from its default for a loss that does not use it,
    /// <see cref="ProbabilityCalibration.Isotonic"/> for multiclass, <see cref="Options.HiddenLayers"/> or
    /// <see cref="Options.BatchSize"/> too large for memory; the exception names the option).</exception>
    /// <exception cref="NotSupportedException"><see cref="Options.BalancedSampling"/> with streaming, micro-batch or cluster
    /// training.</exception>
    /// <exception cref="InvalidOperationException">The data cannot be trained on (empty, one class, NaN features...); the message says which row.</exception>
    /// <exception cref="OperationCanceledException"><see cref="Options.CancellationToken"/> was cancelled.</exception>
    /// <exception cref="TrainingDivergedException">Training diverged and <see cref="Options.OnDivergence"/> is Throw.</exception>
    public BackpropTransformer Fit(IDataView trainData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var task = ResolveTask(SchemaShapes.FromSchema(trainData.Schema));
        var mode = FitPlan.ModeOf(_options, _backend is not null);
        CheckBalancedSampling(task, mode);
        CheckCalibration(task);
        var kind = ToKind(task);
        var labelColumn = CheckSchema(trainData.Schema, kind);
        var keyCounts = CategoricalColumns.Check(trainData.Schema, _options.CategoricalColumnNames, _options.FeatureColumnName);
        if (validationData is not null)
        {
            CheckSchema(validationData.Schema, kind, "validation data");
            CategoricalColumns.CheckSameKeys(trainData.Schema, validationData.Schema, _options.CategoricalColumnNames, keyCounts,
                CategoricalColumns.Check(validationData.Schema, _options.CategoricalColumnNames, _options.FeatureColumnName));
            ValidationSchemaCheck.Verify(trainData.Schema, validationData.Schema, _options.FeatureColumnName, _options.LabelColumnName);
        }
        var loss = ResolveLoss(task);
        CheckLossParameters(loss);
        CheckEarlyStopping(task, mode, validationData is not null);
        int seed = _options.Seed ?? _host.Rand.Next();

        using var channel = _host.Start("Training");
        var (classCount, classNames) = ClassesOf(labelColumn, task);
        int outputs = task == BackpropTask.MulticlassClassification ? classCount : 1;
        int features = FeatureCount(trainData.Schema, _options.FeatureColumnName);
        var inputParts = FitPlan.InputPartsFor(_options, features, keyCounts);
        CheckNetworkSize(inputParts, outputs, loss);
        TrainingData? validationSet = validationData is null ? null : Read(validationData, task, channel, "validation");
        var rows = ReadTrainingRows(trainData, mode, task, classCount, seed, channel);
        // Id-like columns' automatic widths need the row count (narrower than those checked above, never wider).
        if (FitPlan.IdTablePriorsOf(_options, mode, features, keyCounts, rows.Summary.Rows))
            inputParts = FitPlan.InputPartsFor(_options, features, keyCounts, rows.Summary.Rows);
        // The automatic encoding and scaling resolved once the rows are counted; the plan resolves the same stage.
        var stage = FitPlan.InputStageOf(_options, mode, rows.Summary);
        // A backend's rows: the stage's bins, embedded slots and robust scaling are fitted on one sample, read once.
        var backendSample = new Lazy<(TrainingData Sample, long[] Positions)>(() => BackendSample(rows, seed));
        var bins = NumericBinsOf(rows, stage, mode, task, classCount, validationData is not null, seed, backendSample);
        var plan = FitPlan.Resolve(_options, mode, task, loss, rows.Summary, validationData is not null, Environment.ProcessorCount, inputParts, bins,
            PeriodicSlotsOf(rows, stage, backendSample), RobustClipOf(rows, stage, backendSample));
        // Rows of W per bin or embedding value; the automatic encoding chose them, so the message names the way back.
        if (plan.InputStage.Encoding != NumericEncoding.None)
            CheckNetworkSize(plan.Architecture.InputParts!, outputs, loss, _options.NumericEncoding == NumericEncoding.Auto
                ? ", or NumericEncoding = None (the default Auto encodes each numeric feature as up to 32 bins and 8 embedding values on the dense path)" : null);
        rows.Serve(plan.Inputs);
        // The user's validation rows are served as the training rows are and standardised once, for every network.
        var validation = validationSet is null ? null : plan.Standardization.Apply(validationSet.As(plan.Inputs));
        var slotNames = SlotNames(trainData.Schema);
        var trained = TrainNetworks(new FitContext(plan, classCount, rows, validation, slotNames, channel), seed);
        var categorical = _options.CategoricalColumnNames.Select((name, i) =>
            new CategoricalColumn(name, keyCounts[i], KeyNames.Of(trainData.Schema[name], keyCounts[i]))).ToArray();
        var model = new BackpropModel(task, trained.Select(m => m.Network).ToArray(), loss, classNames, trained[0].History,
            plan.Standardization.TargetOffset, plan.Standardization.TargetScale, categorical)
        {
            NetworkHistories = trained.Select(m => m.History).ToArray(),
            OutputCalibration = Calibrate(task, trained, outputs, validation is not null, rows.Summary.ClassWeights, channel,
                heldOutByRow: validation is null && FitPlan.DrawsHoldOutByRow(mode)),
            SlotNames = FeatureSlotNames.Stored(slotNames),
        };
        CheckModelOutputs(model, rows, plan);
        return new BackpropTransformer(model, _options.FeatureColumnName);
    }

    /// <summary>The model's probability calibration (null for regression), its report recorded in the first history. A
    /// hold-out drawn row by row (<paramref name="heldOutByRow"/>) is first given the class shares of all the rows
    /// (<see cref="HeldOutClassShares"/>), as a stratified one has them.</summary>
    private OutputCalibration? Calibrate(BackpropTask task, TrainedNetwork[] trained, int outputs, bool sharedValidation,
        IReadOnlyDictionary<float, double> classTotals, IChannel channel, bool heldOutByRow)
    {
        if (task == BackpropTask.Regression) return null;
        var heldOut = HeldOutScoring.Pool(trained.Select(t => t.HeldOut).ToArray(), sharedValidation);
        if (heldOutByRow && heldOut is not null) heldOut = HeldOutClassShares.Reweight(heldOut, classTotals);
        var (calibration, report) = CalibrationFitter.Fit(task, _options.Calibration, trained.Select(t => t.ClassWeights).ToArray(), heldOut, outputs, classTotals);
        trained[0].History.Calibration = report;
        if (report.Note is { } note) channel.Warning(MessageSensitivity.None, note);
        return calibration;
    }

    /// <summary>Logs a finding once: warnings and critical findings as ML.NET warnings, the rest as information. The
    /// set of logged findings is also the lock of the channel (the networks of an ensemble train side by side).</summary>
    private static void Log(IChannel channel, Finding finding, HashSet<string> logged)
    {
        lock (logged)
        {
            if (!logged.Add(finding.ToString())) return;
            if (finding.Severity == FindingSeverity.Info) channel.Info(MessageSensitivity.None, finding.ToString());
            else channel.Warning(MessageSensitivity.None, finding.ToString());
        }
    }

    /// <summary>A model of the categorical columns alone: they are named and the data has no feature column (its name is
    /// then not an error: the network reads the tables only).</summary>
    private bool IdsOnly(DataViewSchema schema) => _options.CategoricalColumnNames.Length > 0 && schema.GetColumnOrNull(_options.FeatureColumnName) is null;

    private bool IdsOnly(SchemaShape schema) => _options.CategoricalColumnNames.Length > 0 && !SchemaShapes.TryFind(schema, _options.FeatureColumnName, out _);

    private string[]? SlotNames(DataViewSchema schema)
    {
        if (IdsOnly(schema)) return null;
        var column = schema[_options.FeatureColumnName];
        if (!column.HasSlotNames()) return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        var dense = names.DenseValues().Select(n => n.ToString()).ToArray();
        return column.Type is VectorDataViewType vector && dense.Length == vector.Size ? dense : null;
    }

    private BackpropTask ResolveTask(SchemaShape schema)
    {
        if (_options.Task != BackpropTask.Auto) return _options.Task;
        if (!SchemaShapes.TryFind(schema, _options.LabelColumnName, out var label))
            throw new ArgumentOutOfRangeException(ColumnRoles.Label, $"Could not find label column '{_options.LabelColumnName}'.");
        if (label.Kind == SchemaShape.Column.VectorKind.Scalar)
        {
            if (label.IsKey) return BackpropTask.MulticlassClassification;
            if (label.ItemType == BooleanDataViewType.Instance) return BackpropTask.BinaryClassification;
            if (label.ItemType == NumberDataViewType.Single) return BackpropTask.Regression;
        }
        throw new ArgumentOutOfRangeException(ColumnRoles.Label,
            $"Cannot infer the task from label column '{_options.LabelColumnName}' of type {SchemaShapes.Describe(label)}: expected Boolean (binary), " +
            "a key (multiclass, e.g. after MapValueToKey) or Single (regression). Set Options.Task or convert the label.");
    }

    private LossFunction ResolveLoss(BackpropTask task)
    {
        if (_options.Loss is not LossFunction chosen) return LossFunctions.NaturalFor(task);
        if (!LossFunctions.Create(chosen).Fits(task))
            throw new ArgumentOutOfRangeException(nameof(Options.Loss), chosen, $"Loss {chosen} does not fit the {task} task; use " +
                string.Join(" or ", LossFunctions.FittingTask(task)) + ".");
        return chosen;
    }

    /// <summary>Checks the feature, weight and label columns; <paramref name="data"/> names the data in the messages when it
    /// is not the training data.</summary>
    private DataViewSchema.Column CheckSchema(DataViewSchema schema, PredictionKind kind, string? data = null)
    {
        if (!IdsOnly(schema)) SchemaValidation.CheckFeatureColumn(schema, _options.FeatureColumnName, data: data);
        SchemaValidation.CheckWeightColumn(schema, _options.ExampleWeightColumnName, data);
        return SchemaValidation.CheckLabelColumn(schema, _options.LabelColumnName, kind, data);
    }

    private static PredictionKind ToKind(BackpropTask task) => PredictionKinds.Of(task);

    /// <summary>Logs each epoch to the ML.NET channel and forwards it to the user's progress callback.</summary>
    /// <param name="channel">The fit's channel.</param>
    /// <param name="epochs">The network's most epochs.</param>
    /// <param name="user">The options' <see cref="Options.Progress"/>, for the first network only (its history is the model's).</param>
    /// <param name="logged">The findings logged so far, and the channel's lock.</param>
    /// <param name="index">The network whose epochs these are, from 0.</param>
    /// <param name="every">The options' <see cref="Options.EveryNetworkProgress"/>, for every network, or null.</param>
    /// <param name="who">Names the network in the log ("network 2 of 4, "), or empty.</param>
    private sealed class ChannelProgress(IChannel channel, int epochs, Action<EpochReport>? user, HashSet<string> logged, int index = 0,
        Action<int, EpochReport>? every = null, string who = "") : IProgress<EpochReport>
    {
        public void Report(EpochReport r)
        {
            string validation = r.ValidationLoss is double v ? $" validation loss={v:F4}" : "";
            if (r.ValidationMetric is double m && r.ValidationMetric != r.ValidationLoss) validation += $" metric={m:F4}";
            lock (logged) channel.Info(MessageSensitivity.None, $"{who}epoch {r.Epoch}/{epochs}: loss={r.TrainingLoss:F4}{validation} lr={r.LearningRate:G3} ({r.Elapsed.TotalMilliseconds:F0} ms)");
            foreach (var finding in r.Findings) Log(channel, finding, logged);
            if (index == 0) user?.Invoke(r);
            every?.Invoke(index, r);
        }
    }
}
