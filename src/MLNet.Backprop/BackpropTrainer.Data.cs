using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

// The data side of BackpropTrainer: reading, checking, splitting and weighting the rows.
public sealed partial class BackpropTrainer
{
    /// <summary>Reads the training rows into memory, holds out the validation part if asked, applies class weights.</summary>
    private (TrainingData Training, TrainingData? Validation) ReadInMemory(IDataView data, BackpropTask task, int classCount, int seed,
        IChannel channel, TrainingData? validation)
    {
        var read = Read(data, task, channel, "training");
        CheckLabels(read.Labels, task, classCount, "training");
        LabeledData training = read;
        if (validation is null && _options.ValidationFraction > 0f)
        {
            (training, var held) = TrainingSplit.Stratified(read, _options.ValidationFraction, task != BackpropTask.Regression, (ulong)seed);
            CheckLabels(training.Labels, task, classCount, "training (after the validation split)");
            validation = ToTrainingData(held, null);
        }
        float[]? weights = _options.ClassWeighting == ClassWeighting.Balanced && task != BackpropTask.Regression
            ? TrainingSplit.Balanced(training)
            : training.Weights;
        return (ToTrainingData(training, weights), validation);
    }

    /// <summary>Counts and checks the rows in one pass, then returns a source that re-reads them every epoch.</summary>
    private StreamingBatchSource OpenStream(IDataView data, BackpropTask task, LossFunction loss, int classCount, IChannel channel,
        IReadOnlyList<string>? slotNames, out FeatureScaleReport scales, out double? constantLoss)
    {
        LabeledRowCursor Open() => new(data, _options.FeatureColumnName, _options.LabelColumnName, _options.ExampleWeightColumnName,
            task, _options.SkipRowsWithNonFiniteFeatures, _options.CancellationToken);

        long rows = 0;
        var classWeight = new Dictionary<float, double>();
        double weightSum = 0, weightedSum = 0, weightedSquares = 0;
        int columns;
        using (var cursor = Open())
        {
            columns = cursor.Columns;
            var scratch = new float[columns];
            var accumulator = new FeatureScaleReport.Accumulator(columns);
            while (cursor.TryRead(scratch, out float label, out float weight))
            {
                rows++;
                accumulator.Add(scratch);
                if (task != BackpropTask.Regression) classWeight[label] = classWeight.GetValueOrDefault(label) + weight;
                else (weightSum, weightedSum, weightedSquares) = (weightSum + weight, weightedSum + weight * label, weightedSquares + weight * label * label);
            }
            LogSkipped(channel, cursor.SkippedMissingLabel, cursor.SkippedBadFeatures, "training");
            scales = accumulator.ToReport(slotNames);
        }
        if (rows == 0) throw EmptyData("training");
        CheckLabels(classWeight.Keys.ToArray(), task, classCount, "training");

        float[]? factors = null;
        if (_options.ClassWeighting == ClassWeighting.Balanced && task != BackpropTask.Regression)
        {
            double total = classWeight.Values.Sum();
            factors = new float[Math.Max(classCount, 2)];
            foreach (var (label, sum) in classWeight) factors[(int)label] = (float)(total / (classWeight.Count * sum));
        }
        // What predicting the average label would score, with the weights training will use (balanced: equal classes).
        var trainedWeights = factors is null ? classWeight : classWeight.ToDictionary(c => c.Key, c => c.Value * factors[(int)c.Key]);
        constantLoss = ConstantPredictionLoss.Of(loss, trainedWeights, weightSum, weightedSum, weightedSquares);
        return new StreamingBatchSource(Open, columns, rows, _options.ExampleWeightColumnName is not null, factors, _options.StreamingBlockSize);
    }

    private static TrainingData ToTrainingData(LabeledData data, float[]? weights) =>
        new(data.Features, data.Rows, data.Columns, data.Labels, 1, weights ?? data.Weights);

    private LabeledData Read(IDataView data, BackpropTask task, IChannel channel, string part)
    {
        var read = DataViewReader.Read(data, _options.FeatureColumnName, _options.LabelColumnName, _options.ExampleWeightColumnName,
            task, _options.SkipRowsWithNonFiniteFeatures, _options.CancellationToken);
        LogSkipped(channel, read.SkippedMissingLabel, read.SkippedNonFiniteFeatures, part);
        if (read.Rows == 0) throw EmptyData(part);
        return read;
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
        {
            string only = task == BackpropTask.BinaryClassification ? (present[0] > 0 ? "true" : "false") : $"key {present[0] + 1}";
            throw new InvalidOperationException($"Label column '{_options.LabelColumnName}' has a single class ({only}) in all {part} rows; " +
                "classification needs at least two classes.");
        }
        if (task == BackpropTask.MulticlassClassification && present[^1] >= classCount)
            throw new InvalidOperationException($"Label column '{_options.LabelColumnName}' holds key {present[^1] + 1} but its type has only {classCount} values.");
    }

    private (int Count, IReadOnlyList<string>? Names) ClassesOf(DataViewSchema.Column label, BackpropTask task)
    {
        if (task == BackpropTask.BinaryClassification) return (2, null);
        if (task != BackpropTask.MulticlassClassification) return (1, null);
        ulong count = label.Type is KeyDataViewType key ? key.Count : 0;
        if (count < 2 || count > 1_000_000)
            throw new ArgumentOutOfRangeException(ColumnRoles.Label, $"Label column '{label.Name}' is a key with {count} values; multiclass needs 2 to 1,000,000 known classes.");
        if (label.Annotations.Schema.GetColumnOrNull("KeyValues") is not { } column) return ((int)count, null);
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.Annotations.GetValue(column.Name, ref names);
        var dense = names.DenseValues().Select(n => n.ToString()).ToArray();
        return ((int)count, dense.Length == (int)count ? dense : null);
    }
}
