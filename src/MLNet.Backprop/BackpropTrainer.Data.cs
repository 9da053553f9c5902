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
    /// <summary>All training rows, read and checked once: in memory, or counted for streaming.</summary>
    private TrainingRows ReadTrainingRows(IDataView data, BackpropTask task, int classCount, IChannel channel)
    {
        if (_options.DataLoading == DataLoading.Streaming)
            return new TrainingRows(null, Count(data, task, channel), () => OpenCursor(data, task));
        var training = Read(data, task, channel, "training");
        CheckLabels(training.Targets, task, classCount, "training");
        return new TrainingRows(training, DataSummary.Of(training, task != BackpropTask.Regression), null);
    }

    /// <summary>The rows one network trains on: <paramref name="holdOut"/> of them split off for validation (stratified,
    /// seeded by <paramref name="seed"/>) unless <paramref name="validation"/> is given, the class balance, and the
    /// standardisation applied as batches are gathered.</summary>
    private TrainingSet MemberSet(TrainingRows rows, BackpropTask task, int classCount, int seed, TrainingData? validation, float holdOut,
        Standardization standardization)
    {
        bool classification = task != BackpropTask.Regression;
        IBatchSource source;
        DataSummary summary = rows.Summary;
        ClassBalance? balance;
        if (rows.InMemory is not { } training)
        {
            balance = Balance(summary, task, classCount, "training");
            source = new StreamingBatchSource(rows.Open!, summary.Columns, summary.Rows, _options.ExampleWeightColumnName is not null, balance,
                _options.StreamingBlockSize);
        }
        else
        {
            string part = "training";
            int[]? kept = null;
            if (validation is null && holdOut > 0f)
            {
                (kept, int[] heldOut) = TrainingSplit.Stratified(training, holdOut, classification, (ulong)seed);
                validation = training.Select(heldOut);
                part = "training (after the validation split)";
                summary = DataSummary.Of(training, classification, kept);
            }
            balance = Balance(summary, task, classCount, part);
            // The networks of an ensemble share the rows: each serves its own training side of them, none copies them.
            source = new InMemoryBatchSource(training, balance, kept);
        }
        if (!standardization.IsIdentity)
        {
            source = new StandardizedBatchSource(source, standardization);
            if (validation is not null) validation = standardization.Apply(validation);
        }
        return new TrainingSet(source, validation, summary, balance);
    }

    /// <summary>The streaming counting pass: every row is read and checked once before training.</summary>
    private DataSummary Count(IDataView data, BackpropTask task, IChannel channel)
    {
        using var cursor = OpenCursor(data, task);
        var accumulator = new DataSummary.Accumulator(cursor.Columns, task != BackpropTask.Regression);
        var row = new float[cursor.Columns];
        while (cursor.TryRead(row, out float label, out float weight)) accumulator.Add(row, label, weight);
        LogSkipped(channel, cursor.SkippedMissingLabel, cursor.SkippedBadFeatures, "training");
        var summary = accumulator.ToSummary();
        if (summary.Rows == 0) throw EmptyData("training");
        return summary;
    }

    private LabeledRowCursor OpenCursor(IDataView data, BackpropTask task) => new(data, _options.FeatureColumnName, _options.LabelColumnName,
        _options.ExampleWeightColumnName, task, _options.SkipRowsWithNonFiniteFeatures, _options.CancellationToken);

    /// <summary>Checks the classes and weights of the counted rows; the class balance when asked for.</summary>
    private ClassBalance? Balance(DataSummary summary, BackpropTask task, int classCount, string part)
    {
        if (!(summary.WeightSum > 0))
            throw new InvalidOperationException($"The example weights in '{_options.ExampleWeightColumnName}' sum to 0 over the {part} rows; at least one must be positive.");
        if (task == BackpropTask.Regression) return null;
        CheckLabels(summary.ClassWeights.Keys.ToArray(), task, classCount, part);
        if (_options.ClassWeighting != ClassWeighting.Balanced) return null;
        foreach (var (label, weight) in summary.ClassWeights)
            if (!(weight > 0))
                throw new InvalidOperationException($"Class {ClassName(label, task)} has only zero weights in '{_options.ExampleWeightColumnName}' among the {part} rows; " +
                    "ClassWeighting.Balanced needs a positive total weight in every class.");
        return new ClassBalance(summary.ClassWeights);
    }

    private TrainingData Read(IDataView data, BackpropTask task, IChannel channel, string part)
    {
        var (read, missingLabel, badFeatures) = DataViewReader.Read(data, _options.FeatureColumnName, _options.LabelColumnName,
            _options.ExampleWeightColumnName, task, _options.SkipRowsWithNonFiniteFeatures, _options.CancellationToken);
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
        if (label.Annotations.Schema.GetColumnOrNull("KeyValues") is not { } column) return ((int)count, null);
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.Annotations.GetValue(column.Name, ref names);
        var dense = names.DenseValues().Select(n => n.ToString()).ToArray();
        return ((int)count, dense.Length == (int)count ? dense : null);
    }
}
