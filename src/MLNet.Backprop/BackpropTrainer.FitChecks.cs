using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

// What Fit checks before spending time or memory: the options against the task and the data given (before any row is
// read), the network's size from the schema's feature count (also before reading), and the mini-batch and validation
// buffers from the rows counted (before training starts). Every size is 64-bit, and a refusal names the option, the
// sizes and the memory they would take.
public sealed partial class BackpropTrainer
{
    /// <summary>Balanced mini-batches need classes and the rows in memory (the epoch order is drawn over them).</summary>
    private void CheckBalancedSampling(BackpropTask task, FitMode mode)
    {
        if (!_options.BalancedSampling) return;
        if (task == BackpropTask.Regression)
            throw new ArgumentOutOfRangeException(nameof(Options.BalancedSampling), true, "BalancedSampling draws mini-batches with the classes equally represented; a Regression task has no classes.");
        if (mode != FitMode.InMemory)
            throw new NotSupportedException($"BalancedSampling needs the rows in memory and the default training loop; it is not supported with " +
                (mode == FitMode.Streaming ? "DataLoading.Streaming" : mode == FitMode.LocalMicroBatch ? "MicroBatchSize" : "a cluster") + " in this version.");
    }

    /// <summary>Calibration and class weighting against the task. The isotonic calibration maps one logit to one probability:
    /// a softmax's classes would each need their own map and a renormalisation, which is no longer isotonic, so multiclass
    /// refuses it rather than approximate it.</summary>
    private void CheckCalibration(BackpropTask task)
    {
        // A regression's score is no probability and has no classes to weigh: a calibration or class weighting asked for
        // there would be silently ignored, which hides a wrong catalog or label type (a 0/1 Single label read as regression).
        if (task == BackpropTask.Regression && _options.Calibration is not (ProbabilityCalibration.Auto or ProbabilityCalibration.None))
            throw new ArgumentOutOfRangeException(nameof(Options.Calibration), _options.Calibration,
                $"Calibration {_options.Calibration} calibrates a classifier's probabilities; a Regression task has none. Leave Calibration as Auto " +
                "for regression, or, for a classifier, use a Boolean (binary) or key (multiclass) label.");
        if (task == BackpropTask.Regression && _options.ClassWeighting != ClassWeighting.None)
            throw new ArgumentOutOfRangeException(nameof(Options.ClassWeighting), _options.ClassWeighting,
                $"ClassWeighting {_options.ClassWeighting} weighs classes; a Regression task has none. Leave ClassWeighting as None for regression " +
                "(weigh rows with ExampleWeightColumnName), or, for a classifier, use a Boolean (binary) or key (multiclass) label.");
        if (_options.Calibration == ProbabilityCalibration.Isotonic && task == BackpropTask.MulticlassClassification)
            throw new ArgumentOutOfRangeException(nameof(Options.Calibration), _options.Calibration,
                "Calibration Isotonic calibrates a binary classifier's one logit; for MulticlassClassification use Temperature, Platt or Auto.");
    }

    /// <summary>A loss parameter changed from its default for a loss that has no use for it: the user meant that loss
    /// (focal or Huber) and trains another one, which nothing would say.</summary>
    private void CheckLossParameters(LossFunction loss)
    {
        string chosen = _options.Loss is null ? $"{loss} (the automatic choice)" : loss.ToString();
        if (_options.FocalGamma != Defaults.FocalGamma && loss is not (LossFunction.BinaryFocal or LossFunction.SoftmaxFocal))
            throw new ArgumentOutOfRangeException(nameof(Options.FocalGamma), _options.FocalGamma,
                $"FocalGamma is set to {_options.FocalGamma}, but the loss is {chosen}, which does not use it: set Loss to BinaryFocal or " +
                "SoftmaxFocal for the focal loss, or leave FocalGamma at its default.");
        if (_options.HuberDelta != Defaults.HuberDelta && loss != LossFunction.Huber)
            throw new ArgumentOutOfRangeException(nameof(Options.HuberDelta), _options.HuberDelta,
                $"HuberDelta is set to {_options.HuberDelta}, but the loss is {chosen}, which does not use it: set Loss = Huber for the Huber " +
                "loss, or leave HuberDelta at its default.");
    }

    /// <summary>Early stopping on a metric needs validation rows and a task the metric applies to.</summary>
    private void CheckEarlyStopping(BackpropTask task, FitMode mode, bool hasValidationData)
    {
        var metric = _options.EarlyStoppingMetric;
        if (metric == EarlyStoppingMetric.Loss) return;
        bool applies = metric == EarlyStoppingMetric.Auc ? task == BackpropTask.BinaryClassification : task != BackpropTask.Regression;
        if (!applies)
            throw new ArgumentOutOfRangeException(nameof(Options.EarlyStoppingMetric), metric,
                $"EarlyStoppingMetric {metric} does not apply to {task}; use {(task == BackpropTask.Regression ? "Loss" : "Accuracy or Loss")}.");
        // Whether the data is large enough for the automatic hold-out is known once the rows are counted (CheckMetricHasValidation).
        bool mayHoldOut = _options.ValidationFraction is float fraction ? fraction > 0f : FitPlan.RulesOf(mode).AutomaticHoldOut;
        if (_options.EarlyStoppingPatience is not null && !hasValidationData && !mayHoldOut) throw NoValidationForMetric(task);
    }

    /// <summary>Early stopping on a metric, with no validation rows after all (too few rows for the automatic hold-out).</summary>
    private void CheckMetricHasValidation(int? patience, TrainingData? validation, BackpropTask task)
    {
        if (patience is not null && validation is null && _options.EarlyStoppingMetric != EarlyStoppingMetric.Loss) throw NoValidationForMetric(task);
    }

    private ArgumentOutOfRangeException NoValidationForMetric(BackpropTask task) =>
        new(nameof(Options.EarlyStoppingMetric), _options.EarlyStoppingMetric,
            $"EarlyStoppingMetric {_options.EarlyStoppingMetric} is measured on validation rows, and there are none: set ValidationFraction, pass " +
            $"validation data to Fit(train, validation), or watch Loss (the automatic hold-out, in memory or streamed, needs at least {AutomaticSettings.MinimumHoldOutRows(task):N0} rows).");

    /// <summary>The feature vector's length; 0 for a model of categorical columns alone (no feature column).</summary>
    private static int FeatureCount(DataViewSchema schema, string column) => schema.GetColumnOrNull(column) is { } c ? ((VectorDataViewType)c.Type).Size : 0;

    private void CheckNetworkSize(IReadOnlyList<InputPartDescription> parts, int outputs, LossFunction loss, string? remedy = null)
    {
        long inputs = parts.Sum(p => (long)p.Rows);
        int columns = (int)Math.Min(int.MaxValue, inputs);
        var footprint = TrainingFootprint.Of(columns, _options.HiddenLayers, outputs, _options.ToTrainingOptions(loss), parts.Sum(p => (double)p.OwnValues));
        string? problem = null;
        for (int l = 0; l < footprint.LayerWeights.Count && problem is null; l++)
            if (footprint.LayerWeights[l] > MemoryBudget.MaxArrayLength)
                problem = $"layer {l} alone has {footprint.LayerWeights[l]:N0} weights, more than one array holds ({MemoryBudget.MaxArrayLength:N0})";
        if (problem is null && footprint.Parameters > int.MaxValue)
            problem = $"more than a network holds ({int.MaxValue:N0})";
        long available = MemoryBudget.AvailableBytes;
        if (problem is null && footprint.ParameterBytes > available)
            problem = $"more than the {MemoryBudget.Format(available)} this process may use";
        if (problem is null) return;
        throw new ArgumentOutOfRangeException(nameof(Options.HiddenLayers),
            $"HiddenLayers [{string.Join(", ", _options.HiddenLayers)}] with {columns:N0} features and {outputs:N0} outputs make {footprint.Parameters:N0} " +
            $"parameters; training them takes about {MemoryBudget.Format(footprint.ParameterBytes)} ({footprint.Copies} arrays of 4-byte values: " +
            $"weights, gradients, optimizer state, statistics), {problem}. Use fewer or smaller hidden layers, or fewer features{remedy}.");
    }

    private void CheckBatchSize(TrainingSet set, int outputs)
    {
        int columns = set.Summary.Columns;
        int rows = (int)Math.Min(_options.BatchSize, set.Layout.Rows);
        // A sparse batch holds its rows' slots and values: at most the most non-zeros of a row each, twice.
        int rowValues = set.Layout.Inputs.SparseWidth > 0 ? (int)Math.Min(int.MaxValue, 2L * set.Summary.MaxRowNonZeros) : columns;
        var (largest, bytes) = TrainingFootprint.Batch(rows, rowValues, [.. _options.HiddenLayers, outputs]);
        long available = MemoryBudget.AvailableBytes;
        if (largest > MemoryBudget.MaxArrayLength || bytes > available / 2)
            throw new ArgumentOutOfRangeException(nameof(Options.BatchSize),
                $"A mini-batch of {rows:N0} rows (BatchSize {_options.BatchSize}) × {columns:N0} features and the layers' " +
                $"[{string.Join(", ", _options.HiddenLayers)}, {outputs}] units takes {MemoryBudget.Format(bytes)} in buffers of up to {largest:N0} values: " +
                $"{(largest > MemoryBudget.MaxArrayLength ? $"more than one array holds ({MemoryBudget.MaxArrayLength:N0})" : $"more than half the {MemoryBudget.Format(available)} this process may use")}. Use a smaller BatchSize.");
        if (set.Validation is { } validation && (long)validation.Rows * outputs > MemoryBudget.MaxArrayLength)
            throw new InvalidOperationException($"The validation data's {validation.Rows:N0} rows × {outputs:N0} outputs do not fit in one array " +
                $"({MemoryBudget.MaxArrayLength:N0} values); validate on fewer rows.");
    }
}
