using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

// The data side of BackpropTrainer: reading, checking, splitting and weighting the rows. In memory and streaming take
// one path: a counting pass over the training rows (a DataSummary) that the checks, the class balance, the diagnosis
// baseline and the input scales all use, and a batch source that applies the balance.
public sealed partial class BackpropTrainer
{
    /// <summary>The most rows of the bin edges' sample (<see cref="BinningSample.MaxRows"/>; smaller in tests).</summary>
    internal int BinningSampleRows { get; set; } = BinningSample.MaxRows;

    /// <summary>All training rows, read and checked once: in memory, or counted for streaming (with an explicit encoding or
    /// robust scaling the counting pass also draws the input stage's sample, with <paramref name="seed"/>).</summary>
    private TrainingRows ReadTrainingRows(IDataView data, FitMode mode, BackpropTask task, int classCount, int seed, IChannel channel)
    {
        switch (mode)
        {
            case FitMode.Cluster:
                var (layout, described) = _backend!.Describe(data, task);
                return new BackendRows(layout, described, _backend.HeldOutRows);
            case FitMode.Streaming:
                // An explicit encoding or robust scaling learns from the sample: the counting pass draws it. The automatic
                // stage is known once the rows are counted (dense or sparse): its sample, when it needs one, takes a pass of
                // its own rather than a dense copy of rows that may turn out sparse and wide.
                bool explicitStage = _options.NumericEncoding is not (NumericEncoding.None or NumericEncoding.Auto) || _options.NumericScaling == NumericScaling.RobustSmoothClip;
                var order = new Diagnostics.BlockLabelTally(_options.StreamingBlockSize, task != BackpropTask.Regression);
                var (summary, sample) = Count(data, task, explicitStage ? seed : null, channel, order);
                return new StreamedRows(() => OpenCursor(data, task), summary, _options.ExampleWeightColumnName is not null, _options.StreamingBlockSize, sample,
                    () => DrawSample(data, task, seed, summary.Rows), order);
            default:
                var training = Read(data, task, channel, "training");
                CheckLabels(training.Targets, task, classCount, "training");
                return new InMemoryRows(training, DataSummary.Of(training, task != BackpropTask.Regression));
        }
    }

    /// <summary>The streaming counting pass: every row is read and checked once before training; with a
    /// <paramref name="sampleSeed"/>, the rows the bin edges are learnt from are drawn on the way (<see cref="BinningSample"/>:
    /// a row's index is its place among the rows read, skipped rows not counted, as in memory); with an <c>order</c> tally, each
    /// block's labels in file order are counted too (the streamed order check, <see cref="Diagnostics.StreamOrderCheck"/>).</summary>
    private (DataSummary Summary, BinningSample? Sample) Count(IDataView data, BackpropTask task, int? sampleSeed, IChannel channel,
        Diagnostics.BlockLabelTally? order = null)
    {
        using var cursor = OpenCursor(data, task);
        var accumulator = new DataSummary.Accumulator(cursor.Columns, task != BackpropTask.Regression);
        var sample = ReadPass(cursor, sampleSeed, accumulator, order: order);
        LogSkipped(channel, cursor.SkippedMissingLabel, cursor.SkippedBadFeatures, "training");
        var summary = accumulator.ToSummary();
        if (summary.Rows == 0) throw EmptyData("training");
        return (summary, sample);
    }

    /// <summary>A pass that draws the sample alone (<see cref="BinningSample"/>, the rows numbered as the counting pass
    /// numbers them: the same rows, skipped the same way), for a stage resolved after the counting pass.</summary>
    /// <exception cref="InvalidOperationException">The view returned another number of rows than the counting pass's
    /// <paramref name="counted"/> (the sample would not be of the rows trained on).</exception>
    private BinningSample DrawSample(IDataView data, BackpropTask task, int seed, long counted)
    {
        using var cursor = OpenCursor(data, task);
        var sample = ReadPass(cursor, seed, accumulator: null, counted) ?? throw new InvalidOperationException("The rows have no feature to sample.");
        if (sample.Offered != counted)
            throw new InvalidOperationException($"The training data view returned {sample.Offered} rows in the pass that samples them for the input " +
                $"stage but {counted} in the counting pass before training. Streaming reads the data again for each pass and needs a view that " +
                "returns the same rows each time (a file, or ml.Data.Cache(...) of a changing source); use DataLoading = InMemory to read it once.");
        return sample;
    }

    /// <summary>Reads every row of <paramref name="cursor"/>, counting it into <paramref name="accumulator"/> when given and
    /// offering it to a sample drawn with <paramref name="sampleSeed"/> when given (none without features), its storage
    /// taken at once for the <paramref name="counted"/> rows when they are known.</summary>
    private BinningSample? ReadPass(LabeledRowCursor cursor, int? sampleSeed, DataSummary.Accumulator? accumulator, long? counted = null,
        Diagnostics.BlockLabelTally? order = null)
    {
        var sample = sampleSeed is int seed && cursor.Columns > 0 ? new BinningSample(cursor.Columns, seed, BinningSampleRows) : null;
        if (counted is long rows) sample?.Reserve(rows);
        var features = new float[sample is null ? 0 : cursor.Columns];
        long row = 0;
        while (cursor.TryRead(out float label, out float weight))
        {
            if (accumulator is not null) cursor.AddTo(accumulator, label, weight);
            order?.Add(label);
            if (sample is null) continue;
            cursor.CopyTo(features);
            sample.Add(row++, features, label, weight);
        }
        return sample;
    }

    private LabeledRowCursor OpenCursor(IDataView data, BackpropTask task) => new(data, _options.FeatureColumnName, _options.LabelColumnName,
        _options.ExampleWeightColumnName, task, _options.SkipRowsWithNonFiniteFeatures, _options.CancellationToken, _options.CategoricalColumnNames);

    /// <summary>Checks the classes and weights of the counted rows; the class balance when asked for.</summary>
    private ClassBalance? Balance(DataSummary summary, BackpropTask task, int classCount, string part)
    {
        if (!(summary.WeightSum > 0))
            throw new InvalidOperationException($"The example weights in '{_options.ExampleWeightColumnName}' sum to 0 over the {part} rows; at least one must be positive.");
        if (task == BackpropTask.Regression) return null;
        CheckLabels(summary.ClassWeights.Keys.ToArray(), task, classCount, part);
        if (_options.ClassWeighting == ClassWeighting.None) return null;
        foreach (var (label, weight) in summary.ClassWeights)
            if (!(weight > 0))
                throw new InvalidOperationException($"Class {ClassName(label, task)} has only zero weights in '{_options.ExampleWeightColumnName}' among the {part} rows; " +
                    $"ClassWeighting.{_options.ClassWeighting} needs a positive total weight in every class.");
        return new ClassBalance(summary.ClassWeights, _options.ClassWeighting == ClassWeighting.SquareRoot ? 0.5 : 1);
    }

    /// <summary>Checks the validation rows' keys, standardised regression labels and weights, and warns when the plan let the validation loss stand in for
    /// an AUC the validation rows cannot define (one class) instead of stopping on a NaN metric.</summary>
    private void CheckValidation(TrainingData? validation, BackpropTask task, int classCount, NetworkPlan network, IChannel channel)
    {
        if (validation is null) return;
        if (task == BackpropTask.MulticlassClassification && validation.Targets.Max() is var key && key >= classCount)
            throw new InvalidOperationException($"Label column '{_options.LabelColumnName}' holds key {key + 1} in the validation rows but its type has only {classCount} values.");
        // A validation label far beyond the training labels (another unit, or a code such as 3e38 in the validation data
        // only) overflows when standardised with their mean and deviation: no loss can be measured on it, and training
        // would diverge after its first epoch blaming the learning rate.
        if (task == BackpropTask.Regression && Array.FindIndex(validation.Targets, t => !float.IsFinite(t)) is var far and >= 0)
            throw new InvalidOperationException($"Label column '{_options.LabelColumnName}' holds, in validation row {far} (0-based, among the rows with " +
                "a label and usable features), a label so far from the training labels that standardised with their mean and standard deviation it " +
                "overflows float: no validation loss can be measured on it. Check the validation rows' labels (another unit, or a missing-value code " +
                "such as 3e38).");
        if (validation.Weights is { } weights && !(weights.Sum(w => (double)w) > 0))
            throw new InvalidOperationException($"The example weights in '{_options.ExampleWeightColumnName}' sum to 0 over the {validation.Rows} validation rows; " +
                "at least one must be positive.");
        if (!network.AucUndefined) return;
        channel.Warning(MessageSensitivity.None, $"EarlyStoppingMetric Auc: the {validation.Rows} validation rows hold one class only ({ClassName(validation.Targets[0], BackpropTask.BinaryClassification)}), " +
            "so their AUC is undefined; early stopping watches the validation loss instead. (A stratified hold-out leaves a class out of validation " +
            "when it has fewer than about 1 / (2 × ValidationFraction) rows; pass validation data with both classes to Fit(train, validation).)");
    }

    /// <summary>When regression diverges on labels far from unit scale, the labels are the cause, not the learning rate.</summary>
    private string? LabelScaleProblem(BackpropTask task, DataSummary summary)
    {
        float largest = Math.Max(Math.Abs(summary.LabelMin), Math.Abs(summary.LabelMax));
        if (task != BackpropTask.Regression || !(largest >= LargeLabel)) return null;
        return $"Label column '{_options.LabelColumnName}' ranges over [{summary.LabelMin:G3}, {summary.LabelMax:G3}] (standard deviation " +
            $"{Math.Sqrt(summary.LabelVariance):G3}): regression targets this far from unit scale make the loss and its gradients overflow whatever the " +
            "learning rate: leave StandardizeLabel on (the default; it is off here or in the micro-batch mode), or standardise the label first " +
            "(subtract its mean and divide by its standard deviation, or take a logarithm) and undo it on the scores. ";
    }

    /// <summary>Labels beyond this magnitude are named first when regression diverges.</summary>
    private const float LargeLabel = 1e4f;

    private TrainingData Read(IDataView data, BackpropTask task, IChannel channel, string part)
    {
        (TrainingData? read, long missingLabel, long badFeatures) result;
        try
        {
            result = DataViewReader.Read(data, _options.FeatureColumnName, _options.LabelColumnName,
                _options.ExampleWeightColumnName, task, _options.SkipRowsWithNonFiniteFeatures, _options.CancellationToken, sparse: _options.SparseInput,
                keyColumns: _options.CategoricalColumnNames);
        }
        catch (InvalidOperationException e) when (part != "training")
        {
            // The reader names a row of the view it reads; without this, "row 2" sends the user to the training data's row 2.
            throw new InvalidOperationException($"In the {part} data: {e.Message}", e);
        }
        var (read, missingLabel, badFeatures) = result;
        LogSkipped(channel, missingLabel, badFeatures, part);
        return read ?? throw EmptyData(part);
    }

    private void LogSkipped(IChannel channel, long missingLabel, long badFeatures, string part)
    {
        if (missingLabel > 0)
            channel.Warning(MessageSensitivity.None, $"Skipped {missingLabel} {part} rows with a missing label in '{_options.LabelColumnName}'.");
        if (badFeatures > 0)
            channel.Warning(MessageSensitivity.None, $"Skipped {badFeatures} {part} rows with NaN, infinite or out-of-range values in '{_options.FeatureColumnName}'.");
    }

    private InvalidOperationException EmptyData(string part) =>
        new($"The {part} data is empty: no row has both a label in '{_options.LabelColumnName}' and usable features in '{_options.FeatureColumnName}'.");

    private void CheckLabels(IReadOnlyCollection<float> labels, BackpropTask task, int classCount, string part)
    {
        if (task == BackpropTask.Regression) return;
        var present = labels.Distinct().Order().ToArray();
        if (present.Length < 2)
            throw new InvalidOperationException($"Label column '{_options.LabelColumnName}' has a single class ({ClassName(present[0], task)}) in all {part} rows; " +
                "classification needs at least two classes.");
        if (task == BackpropTask.MulticlassClassification && present[^1] >= classCount)
            throw new InvalidOperationException($"Label column '{_options.LabelColumnName}' holds key {present[^1] + 1} but its type has only {classCount} values.");
    }

    private static string ClassName(float label, BackpropTask task) =>
        task == BackpropTask.BinaryClassification ? (label > 0 ? "true" : "false") : $"key {label + 1}";

    private (int Count, IReadOnlyList<string>? Names) ClassesOf(DataViewSchema.Column label, BackpropTask task)
    {
        if (task == BackpropTask.BinaryClassification) return (2, null);
        if (task != BackpropTask.MulticlassClassification) return (1, null);
        ulong count = label.Type is KeyDataViewType key ? key.Count : 0;
        if (count < 2 || count > 1_000_000)
            throw new ArgumentOutOfRangeException(Integration.Schema.ColumnRoles.Label, $"Label column '{label.Name}' is a key with {count} values; multiclass needs 2 to 1,000,000 known classes.");
        return ((int)count, Integration.Schema.KeyNames.Of(label, (int)count));
    }
}
