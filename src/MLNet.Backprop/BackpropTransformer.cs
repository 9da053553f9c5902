using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Scoring;

namespace MLNet.Backprop;

/// <summary>
/// A trained MLP as an ML.NET transformer: appends the task's prediction columns (binary Score, Probability,
/// PredictedLabel; multiclass Score vector and key PredictedLabel; regression Score) to any data view, lazily, row by row.
/// </summary>
/// <remarks>
/// <para>Thread-safe: the network's weights are read-only once trained and every cursor, row mapper or prediction
/// engine scores with buffers of its own.</para>
/// <para>Rows whose features contain NaN or ±∞ make the cursor throw an <see cref="InvalidDataException"/> naming the
/// column, row and slot, rather than producing NaN scores. Save a pipeline containing this transformer with
/// <see cref="BackpropCatalog.SaveBackprop(ModelOperationsCatalog, ITransformer, DataViewSchema, string)"/>.</para>
/// </remarks>
public sealed class BackpropTransformer : ISingleFeaturePredictionTransformer<BackpropModel>
{
    private readonly BackpropScorerFactory _factory;

    /// <summary>Wraps a trained model; scores the column <paramref name="featureColumnName"/>.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="featureColumnName">The feature column: a vector of <see cref="BackpropModel.FeatureCount"/> Singles.</param>
    public BackpropTransformer(BackpropModel model, string featureColumnName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(featureColumnName);
        Model = model;
        FeatureColumnName = featureColumnName;
        FeatureColumnType = new VectorDataViewType(NumberDataViewType.Single, model.FeatureCount);
        _factory = new BackpropScorerFactory(model);
    }

    /// <summary>The trained network, its task and its training history.</summary>
    public BackpropModel Model { get; }

    /// <summary>Name of the feature column read at scoring.</summary>
    public string FeatureColumnName { get; }

    /// <summary>Vector of <see cref="BackpropModel.FeatureCount"/> Singles.</summary>
    public DataViewType FeatureColumnType { get; }

    /// <summary>Always true: usable in a <c>PredictionEngine</c>.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input columns followed by the prediction columns.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a vector of the trained size.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => new ScoringBinding(inputSchema, FeatureColumnName, _factory).OutputSchema;

    /// <summary>A lazy view that scores each row when its prediction columns are read.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ScoringDataView(input, FeatureColumnName, _factory);
    }

    /// <summary>The row-to-row mapper used by <c>PredictionEngine</c>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new ScoringRowMapper(inputSchema, FeatureColumnName, _factory);

    /// <summary>Not supported: ML.NET's model format is closed to third-party transformers.</summary>
    /// <exception cref="NotSupportedException">Always; the message says to use <c>ml.Model.SaveBackprop</c>.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "A pipeline containing BackpropTransformer cannot be saved with MLContext.Model.Save, because ML.NET's save format " +
        "is closed to third-party components. Use ml.Model.SaveBackprop(model, inputSchema, path) and ml.Model.LoadBackprop(path, out inputSchema) " +
        "(namespace MLNet.Backprop) instead.");
}
