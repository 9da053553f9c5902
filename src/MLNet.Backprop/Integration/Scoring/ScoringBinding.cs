using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>
/// A model bound to one input schema: the validated feature column, the output schema and the model itself.
/// Shared (immutable) by the data view, its cursors and the row mapper.
/// </summary>
internal sealed class ScoringBinding
{
    /// <summary>Validates <paramref name="inputSchema"/> against <paramref name="factory"/> and builds the output schema.</summary>
    /// <param name="inputSchema">The schema to score.</param>
    /// <param name="featureColumnName">Name of the feature column.</param>
    /// <param name="factory">The model.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// (<see cref="ArgumentException.ParamName"/> <c>"feature"</c>) the feature column is missing or is not a
    /// <c>Vector&lt;Single, FeatureCount&gt;</c>; the message names the column and the expected and actual type and size.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// (<see cref="ArgumentException.ParamName"/> <c>"feature"</c>) the feature column's slots are named as the training
    /// data's but in another order (<see cref="ScoringSlots.Check"/>).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// (<see cref="ArgumentException.ParamName"/> <c>"categorical"</c>) a categorical column is missing, is not a key, or
    /// numbers its values differently from the training data (<see cref="ScoringKeys.Check(DataViewSchema.Column, CategoricalColumn)"/>).
    /// </exception>
    /// <exception cref="ArgumentException">The factory's sizes are inconsistent with its task.</exception>
    public ScoringBinding(DataViewSchema inputSchema, string featureColumnName, IScorerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(factory);
        CheckFactory(factory);
        // A model of categorical columns alone reads no feature column.
        FeatureColumn = factory.FeatureCount == 0 ? null : SchemaValidation.CheckFeatureColumn(inputSchema, featureColumnName, factory.FeatureCount);
        // Slots named as in training but in another order (a featurizer refitted on the scoring rows): once per binding.
        if (FeatureColumn is { } features && factory.TrainedSlotNames is { } trainedSlots) ScoringSlots.Check(features, trainedSlots);
        // A key count other than the training data's is scored as it comes: keys beyond the table get the unknown vector.
        KeyColumns = factory.KeyColumns.Select(name => inputSchema.GetColumnOrNull(name) is { Type: Microsoft.ML.Data.KeyDataViewType } column ? column
            : throw new ArgumentOutOfRangeException(ColumnRoles.Categorical, inputSchema.GetColumnOrNull(name) is { } other
                ? $"Schema mismatch for categorical column '{name}': expected a key, got {other.Type}."
                : $"Could not find categorical column '{name}'")).ToArray();
        // But the keys the model and the data both name must name the same values: checked here, once per binding.
        if (factory.TrainedKeys.Count > 0) ScoringKeys.Check(KeyColumns, factory.TrainedKeys);
        InputSchema = inputSchema;
        Factory = factory;
        OutputSchema = OutputSchemaFactory.Create(inputSchema, factory);
    }

    /// <summary>The schema being scored.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The input columns followed by the output columns.</summary>
    public DataViewSchema OutputSchema { get; }

    /// <summary>The feature column in <see cref="InputSchema"/>; null for a model of categorical columns alone.</summary>
    public DataViewSchema.Column? FeatureColumn { get; }

    /// <summary>The model.</summary>
    public IScorerFactory Factory { get; }

    /// <summary>The categorical columns in <see cref="InputSchema"/>, in the model's order.</summary>
    public IReadOnlyList<DataViewSchema.Column> KeyColumns { get; }

    /// <summary>True when <paramref name="index"/> (in <see cref="OutputSchema"/>) is an output column, not a passed-through input.</summary>
    public bool IsOutput(int index) => index >= InputSchema.Count;

    /// <summary>
    /// Splits the columns requested from the output schema into the input columns needed (passed-through ones, plus the
    /// feature column when any output is requested) and flags for the requested outputs.
    /// </summary>
    public (List<DataViewSchema.Column> InputColumns, bool[] ActiveOutputs) Split(IEnumerable<DataViewSchema.Column> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var active = new bool[OutputSchema.Count - InputSchema.Count];
        var inputs = new List<DataViewSchema.Column>();
        foreach (var column in requested)
        {
            if (IsOutput(column.Index))
                active[column.Index - InputSchema.Count] = true;
            else
                inputs.Add(InputSchema[column.Index]);
        }
        if (active.Any(a => a))
            foreach (var needed in FeatureColumn is { } features ? KeyColumns.Prepend(features) : KeyColumns)
                if (!inputs.Any(c => c.Index == needed.Index)) inputs.Add(needed);
        return (inputs, active);
    }

    private static void CheckFactory(IScorerFactory factory)
    {
        if (factory.FeatureCount < 0 || (factory.FeatureCount == 0 && factory.KeyColumns.Count == 0))
            throw new ArgumentException($"The model expects {factory.FeatureCount} features and no categorical column; at least one input is needed.", nameof(factory));
        bool multiclass = factory.Kind == PredictionKind.MulticlassClassification;
        if (multiclass ? factory.OutputCount < 2 : factory.OutputCount != 1)
        {
            throw new ArgumentException(
                $"A {factory.Kind} model must have {(multiclass ? "at least 2 outputs" : "1 output")}; this one has {factory.OutputCount}.",
                nameof(factory));
        }
        if (factory.ClassNames is { } names && (!multiclass || names.Length != factory.OutputCount))
        {
            throw new ArgumentException(
                $"The model has {names.Length} class names for {factory.OutputCount} outputs ({factory.Kind}); " +
                "class names are for multiclass models only, one per output.", nameof(factory));
        }
    }
}
