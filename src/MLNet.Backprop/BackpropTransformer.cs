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
/// <see cref="BackpropCatalog.SaveBackprop(ModelOperationsCatalog, ITransformer, DataViewSchema, string)"/> (everything,
/// history included), or with ML.NET's own <c>ml.Model.Save</c> when the MLNet.Backprop.Onnx package is referenced.</para>
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
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a vector of the trained size, or a
    /// categorical column of <see cref="BackpropModel.CategoricalColumnNames"/> is missing, not a key, or numbers its
    /// values differently from the training data (a key both name has another name in the column's <c>KeyValues</c>:
    /// mapped by another <c>MapValueToKey</c>; the message names the column, the key and both names).</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => new ScoringBinding(inputSchema, FeatureColumnName, _factory).OutputSchema;

    /// <summary>A lazy view that scores each row when its prediction columns are read.</summary>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="GetOutputSchema"/>; checked here, before any row is read.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ScoringDataView(input, FeatureColumnName, _factory);
    }

    /// <summary>The row-to-row mapper used by <c>PredictionEngine</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="GetOutputSchema"/>.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new ScoringRowMapper(inputSchema, FeatureColumnName, _factory);

    /// <summary>Lets <c>ml.Model.Save</c> save a pipeline containing this transformer when the MLNet.Backprop.Onnx package is
    /// part of the application: the transformer is written as an equivalent chain of ML.NET's built-in transformers (the
    /// network in ML.NET's OnnxTransformer), which plain <c>ml.Model.Load</c> reads back without MLNet.Backprop; the
    /// training history, the diagnosis and the typed <see cref="Model"/> are not kept (use <c>SaveBackprop</c> for them).</summary>
    /// <exception cref="NotSupportedException">MLNet.Backprop.Onnx is not part of the application; the message names the
    /// line to add. Nothing of the transformer is written.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) => MlNetModelSaving.Save(this, ctx);
}
