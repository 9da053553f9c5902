using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Graph;

namespace MLNet.Backprop.Onnx.Saving;

/// <summary>
/// A chain of ML.NET's built-in transformers that scores like a <see cref="BackpropTransformer"/>, so that ML.NET's own
/// model format can hold it: OnnxTransformer runs the network (<see cref="RowGraph"/>, its bytes embedded in the zip),
/// identity heads make ML.NET's scalar columns, and
/// <list type="bullet">
/// <item>binary: Score = logit, PredictedLabel = Score &gt; 0 (identity AveragedPerceptron), Probability = σ(Score) (a
/// fixed Platt calibrator with slope −1, offset 0);</item>
/// <item>regression: Score (identity OnlineGradientDescent);</item>
/// <item>multiclass: Score = the probabilities with the class names as slot names, PredictedLabel = a key whose
/// KeyValues are the class names (the class number mapped to its name, then to the key).</item>
/// </list>
/// Temporary columns are dropped at the end. Built from the model and the feature column alone: it is fitted on a
/// zero-row view, no data is read.
/// </summary>
internal static class BuiltInChain
{
    private const string ClassName = "MLNet.Backprop.ClassName";

    public static TransformerChain<ITransformer> Build(MLContext ml, BackpropModel model, string featureColumn)
    {
        var schema = new DataViewSchema.Builder();
        // A model of categorical columns alone has no feature column.
        bool hasFeatures = model.FeatureCount > 0;
        if (hasFeatures) schema.AddColumn(featureColumn, new VectorDataViewType(NumberDataViewType.Single, model.FeatureCount));
        foreach (var column in model.Categorical) schema.AddColumn(column.Name, new KeyDataViewType(typeof(uint), column.KeyCount));
        IDataView data = new EmptyDataView(schema.ToSchema());
        var parts = new List<ITransformer>();
        void Add(ITransformer t)
        {
            parts.Add(t);
            data = t.Transform(data);
        }

        try
        {
            // The OnnxTransformer takes numbers, not keys: each key column enters the graph as its key value, a UInt32.
            var keyInputs = model.Categorical.Select((c, i) => RowGraph.KeyInput(i)).ToArray();
            foreach (var (column, input) in model.Categorical.Zip(keyInputs))
                Add(ml.Transforms.Conversion.ConvertType(input, column.Name, DataKind.UInt32).Fit(data));
            using (var network = new MemoryStream(RowGraph.Build(model, featureColumn)))
                Add(ml.Transforms.ApplyOnnxModel(RowGraph.Outputs(model), [.. hasFeatures ? [featureColumn] : Array.Empty<string>(), .. keyInputs], network).Fit(data));
            if (keyInputs.Length > 0) Add(ml.Transforms.DropColumns(keyInputs).Fit(data));
            switch (model.Task)
            {
                case BackpropTask.BinaryClassification:
                    Add(IdentityHeads.Binary(ml, RowGraph.Logit));
                    Add(ml.BinaryClassification.Calibrators.Platt(slope: -1, offset: 0).Fit(data));
                    Add(ml.Transforms.DropColumns(RowGraph.Logit).Fit(data));
                    break;
                case BackpropTask.Regression:
                    Add(IdentityHeads.Regression(ml, RowGraph.Logit));
                    Add(ml.Transforms.DropColumns(RowGraph.Logit).Fit(data));
                    break;
                default:
                    var names = TaskHead.ClassNames(model);
                    Add(IdentityHeads.Binary(ml, RowGraph.ClassNumber));
                    Add(ml.Transforms.Conversion.MapValue(ClassName, names.Select((name, k) => new KeyValuePair<float, string>(k + 1, name)), "Score").Fit(data));
                    var keys = ml.Data.LoadFromEnumerable(names.Select(n => new KeyName { Name = n }));
                    Add(ml.Transforms.Conversion.MapValueToKey("PredictedLabel", ClassName, keyData: keys).Fit(data));
                    Add(ml.Transforms.CopyColumns("Score", RowGraph.Probabilities).Fit(data));
                    Add(ml.Transforms.DropColumns(RowGraph.Probabilities, RowGraph.ClassNumber, ClassName).Fit(data));
                    break;
            }
            return new TransformerChain<ITransformer>([.. parts]);
        }
        catch
        {
            foreach (var part in parts.OfType<IDisposable>()) part.Dispose();
            throw;
        }
    }

    private sealed class KeyName
    {
        public string Name { get; set; } = "";
    }
}
