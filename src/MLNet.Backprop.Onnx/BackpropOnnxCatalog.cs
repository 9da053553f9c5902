using Microsoft.ML;
using MLNet.Backprop.Onnx.Export;

namespace MLNet.Backprop;

/// <summary>ONNX export of whole ML.NET pipelines that contain a <see cref="BackpropTransformer"/>.</summary>
public static class BackpropOnnxCatalog
{
    /// <summary>
    /// Writes <paramref name="model"/>, the whole pipeline, as one ONNX model: ML.NET's built-in transforms exported by
    /// ML.NET's own converter (Microsoft.ML.OnnxConverter), the MLP as ONNX nodes (MatMul, Add, the activation, the
    /// ensemble mean and target scaling when the model has them, the task's link). ONNX IR version 6, opset 12 of the
    /// default domain and 2 of ai.onnx.ml.
    /// </summary>
    /// <remarks>
    /// <para>Like ML.NET's converter: one graph input per visible column of <paramref name="inputData"/>, named after the
    /// column, shaped [N, width] (strings as tensor(string), missing numbers as NaN); one output "&lt;Column&gt;.output"
    /// per visible column of the result. The model's outputs are typed like ML.NET's trainers': binary
    /// <c>Score.output</c> and <c>Probability.output</c> float [N, 1], <c>PredictedLabel.output</c> bool [N, 1];
    /// multiclass <c>Score.output</c> float [N, K] (class names in the <c>mlnet.Score.SlotNames</c> node) and
    /// <c>PredictedLabel.output</c> uint32 [N, 1], the 1-based key; regression <c>Score.output</c> float [N, 1].</para>
    /// <para>Differences from the library: rows with NaN or infinite features give NaN scores (the transformer throws).</para>
    /// <para>Only the schema of <paramref name="inputData"/> is used; no row is read.</para>
    /// </remarks>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="model">A fitted pipeline with at most one BackpropTransformer (none: the pipeline is exported with
    /// the same checks).</param>
    /// <param name="inputData">Data of the schema the pipeline takes (e.g. the training data).</param>
    /// <param name="stream">A writable stream; nothing is written if the export fails.</param>
    /// <exception cref="NotSupportedException">A step of the pipeline cannot be exported (e.g. <c>Expression</c>,
    /// <c>CustomMapping</c>, <c>NormalizeMeanVariance</c> with <c>useCdf</c>); the message names the step, its type and
    /// its columns. Never a silently incomplete graph.</exception>
    /// <example>
    /// <code language="csharp"><![CDATA[
    /// using Microsoft.ML;
    /// using MLNet.Backprop;
    ///
    /// var pipeline = ml.Transforms.Categorical.OneHotEncoding("Contract")
    ///     .Append(ml.Transforms.Concatenate("Features", "Contract", "tenure", "MonthlyCharges"))
    ///     .Append(ml.Transforms.NormalizeMeanVariance("Features"))
    ///     .Append(ml.BinaryClassification.Trainers.Backprop());
    /// var model = pipeline.Fit(trainData);
    ///
    /// using (var file = File.Create("churn.onnx"))
    ///     ml.Model.ConvertToOnnxBackprop(model, trainData, file);   // throws NotSupportedException naming a step it cannot export
    ///
    /// // Scored back in ML.NET (or in ONNX Runtime from any language): inputs are the columns, outputs "<Column>.output".
    /// var onnx = ml.Transforms.ApplyOnnxModel("churn.onnx").Fit(trainData);
    /// IDataView scored = onnx.Transform(testData);
    /// ]]></code>
    /// </example>
    public static void ConvertToOnnxBackprop(this ModelOperationsCatalog catalog, ITransformer model, IDataView inputData, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputData);
        ArgumentNullException.ThrowIfNull(stream);
        var onnx = PipelineExporter.Export(model, inputData.Schema);
        PipelineExporter.Write(onnx, stream);
    }

    /// <summary>Writes <paramref name="model"/> as one ONNX model to <paramref name="filePath"/>; see
    /// <see cref="ConvertToOnnxBackprop(ModelOperationsCatalog, ITransformer, IDataView, Stream)"/>.</summary>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="model">A fitted pipeline.</param>
    /// <param name="inputData">Data of the schema the pipeline takes.</param>
    /// <param name="filePath">Target file; written only once the export has succeeded (replaced if it exists).</param>
    /// <exception cref="NotSupportedException">A step of the pipeline cannot be exported; the message names it.</exception>
    public static void ConvertToOnnxBackprop(this ModelOperationsCatalog catalog, ITransformer model, IDataView inputData, string filePath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputData);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        var onnx = PipelineExporter.Export(model, inputData.Schema);
        using var file = File.Create(filePath);
        PipelineExporter.Write(onnx, file);
    }
}
