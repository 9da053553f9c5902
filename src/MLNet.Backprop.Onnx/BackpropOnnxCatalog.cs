using Microsoft.ML;
using MLNet.Backprop.Files;
using MLNet.Backprop.Onnx.Export;

namespace MLNet.Backprop;

/// <summary>ONNX export of whole ML.NET pipelines that contain a <see cref="BackpropTransformer"/>.</summary>
public static class BackpropOnnxCatalog
{
    /// <summary>
    /// Writes <paramref name="model"/>, the whole pipeline, as one ONNX model: ML.NET's built-in transforms exported by
    /// ML.NET's own converter (Microsoft.ML.OnnxConverter), the MLP as ONNX nodes: its input stage's parts as the model
    /// holds them (the piecewise-linear encoding, the robust scaling and clip, the periodic embeddings, the embedding
    /// tables' lookups; learned feature scales are folded into the weights), MatMul, Add, the activation, the ensemble
    /// mean and target scaling when the model has them, the probability calibration when it has one (a scale and offsets,
    /// as prior correction, Platt, temperature and equal priors store it, as Mul and Add; isotonic as its
    /// piecewise-linear map), and the task's link. ONNX IR version 6, opset 12 of the default domain and 2 of ai.onnx.ml.
    /// </summary>
    /// <remarks>
    /// <para>Like ML.NET's converter: one graph input per visible column of <paramref name="inputData"/>, named after the
    /// column, shaped [N, width] (strings as tensor(string), missing numbers as NaN); one output "&lt;Column&gt;.output"
    /// per visible column of the result. The model's outputs are typed like ML.NET's trainers': binary
    /// <c>Score.output</c> and <c>Probability.output</c> float [N, 1], <c>PredictedLabel.output</c> bool [N, 1];
    /// multiclass <c>Score.output</c> float [N, K] (class names in the <c>mlnet.Score.SlotNames</c> node) and
    /// <c>PredictedLabel.output</c> uint32 [N, 1], the 1-based key; regression <c>Score.output</c> float [N, 1].</para>
    /// <para>Differences from the library: a row with a NaN or infinite value in the network's feature vector gives NaN
    /// scores and probabilities (binary <c>PredictedLabel</c> false), where the transformer throws naming the row.</para>
    /// <para>Only the schema of <paramref name="inputData"/> is used; no row is read. A column of a type ONNX has no
    /// tensor for (DateTime, TimeSpan...) is left out of the graph's inputs when no step reads it.</para>
    /// </remarks>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="model">A fitted pipeline with at most one BackpropTransformer (none: the pipeline is exported with
    /// the same checks).</param>
    /// <param name="inputData">Data of the schema the pipeline takes (e.g. the training data).</param>
    /// <param name="stream">A writable stream; nothing is written if the export fails.</param>
    /// <exception cref="NotSupportedException">A step of the pipeline cannot be exported (e.g. <c>Expression</c>,
    /// <c>CustomMapping</c>, <c>NormalizeMeanVariance</c> with <c>useCdf</c>; the message names the step, its type and
    /// its columns), a step reads a column whose type ONNX cannot carry, the pipeline holds more than one
    /// BackpropTransformer, or the model is larger than protobuf's 2 GB limit (refused before anything is converted).
    /// Never a silently incomplete graph.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable (checked before any work).</exception>
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
    public static void ConvertToOnnxBackprop(this ModelOperationsCatalog catalog, ITransformer model, IDataView inputData, Stream stream) =>
        ConvertToOnnxBackprop(catalog, model, inputData, stream, scoringOnly: false);

    /// <summary>Writes <paramref name="model"/> as one ONNX model to <paramref name="stream"/>; see
    /// <see cref="ConvertToOnnxBackprop(ModelOperationsCatalog, ITransformer, IDataView, Stream)"/>.</summary>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="model">A fitted pipeline.</param>
    /// <param name="inputData">Data of the schema the pipeline takes.</param>
    /// <param name="stream">A writable stream; nothing is written if the export fails.</param>
    /// <param name="scoringOnly">True: the graph's outputs are only the columns the trainer and the steps after it
    /// produce (<c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c>... with their slot names), and its inputs only the
    /// columns those need, so a consumer sends neither the label (which a pipeline that maps it would otherwise
    /// require) nor unused columns. False: every column in and out, as ML.NET's converter writes them.</param>
    /// <exception cref="NotSupportedException">See the overload without <paramref name="scoringOnly"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable (checked before any work).</exception>
    public static void ConvertToOnnxBackprop(this ModelOperationsCatalog catalog, ITransformer model, IDataView inputData, Stream stream, bool scoringOnly)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputData);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException($"The stream ({stream.GetType().Name}) is not writable; the ONNX model cannot be written to it.", nameof(stream));
        var onnx = PipelineExporter.Export(model, inputData.Schema, scoringOnly);
        PipelineExporter.Write(onnx, stream);
    }

    /// <summary>Writes <paramref name="model"/> as one ONNX model to <paramref name="filePath"/>; see
    /// <see cref="ConvertToOnnxBackprop(ModelOperationsCatalog, ITransformer, IDataView, Stream)"/>.</summary>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="model">A fitted pipeline.</param>
    /// <param name="inputData">Data of the schema the pipeline takes.</param>
    /// <param name="filePath">Target file; written only once the export has succeeded (replaced if it exists).</param>
    /// <exception cref="NotSupportedException">A step of the pipeline cannot be exported, or the model is too large; the
    /// message names the step or the sizes.</exception>
    public static void ConvertToOnnxBackprop(this ModelOperationsCatalog catalog, ITransformer model, IDataView inputData, string filePath) =>
        ConvertToOnnxBackprop(catalog, model, inputData, filePath, scoringOnly: false);

    /// <summary>Writes <paramref name="model"/> as one ONNX model to <paramref name="filePath"/>; see
    /// <see cref="ConvertToOnnxBackprop(ModelOperationsCatalog, ITransformer, IDataView, Stream, bool)"/>.</summary>
    /// <param name="catalog">ml.Model.</param>
    /// <param name="model">A fitted pipeline.</param>
    /// <param name="inputData">Data of the schema the pipeline takes.</param>
    /// <param name="filePath">Target file; written to a temporary file beside it, then moved over it (an existing file is
    /// replaced only once the export has succeeded).</param>
    /// <param name="scoringOnly">True: only the scoring outputs and the inputs they need (see the stream overload).</param>
    /// <exception cref="NotSupportedException">A step of the pipeline cannot be exported, or the model is too large.</exception>
    public static void ConvertToOnnxBackprop(this ModelOperationsCatalog catalog, ITransformer model, IDataView inputData, string filePath, bool scoringOnly)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputData);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        string target = SaveTarget.Check(filePath, "the ONNX model");
        // Exported inside the write, after the temporary file exists: a directory that takes no new file is told before
        // the conversion's work (a failed export still leaves an existing file as it was).
        AtomicFile.Write(target, file => PipelineExporter.Write(PipelineExporter.Export(model, inputData.Schema, scoringOnly), file));
    }
}
