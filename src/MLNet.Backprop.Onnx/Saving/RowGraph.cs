using Google.Protobuf;
using MLNet.Backprop.Onnx.Graph;
using MLNet.Backprop.Onnx.Proto;

namespace MLNet.Backprop.Onnx.Saving;

/// <summary>
/// The network alone as an ONNX graph for ML.NET's OnnxTransformer, which runs it one row at a time. Its outputs are
/// rank-1 tensors, because ML.NET 5.0.1's OnnxTransformer turns a [N, 1] output into a Vector&lt;Single, 1, 1&gt; column
/// (which the evaluators reject) and a rank-0 output into a scalar column whose getter throws: binary and regression
/// <see cref="Logit"/> [1] (the score, target scaling included); multiclass <see cref="Probabilities"/> [K] with the
/// class names as slot names, and <see cref="ClassNumber"/> [1], the 1-based index of the most probable class as a float.
/// </summary>
internal static class RowGraph
{
    public const string Logit = "MLNet.Backprop.Logit";
    public const string Probabilities = "MLNet.Backprop.Probabilities";
    public const string ClassNumber = "MLNet.Backprop.ClassNumber";

    /// <summary>The graph input of categorical column <paramref name="index"/>: its key value as a uint32 [N, 1].</summary>
    public static string KeyInput(int index) => $"MLNet.Backprop.Key{index}";

    public static string[] Outputs(BackpropModel model) =>
        model.Task == BackpropTask.MulticlassClassification ? [Probabilities, ClassNumber] : [Logit];

    public static byte[] Build(BackpropModel model, string featureColumn)
    {
        var onnx = new ModelProto { IrVersion = OnnxFormat.IrVersion, ProducerName = "MLNet.Backprop.Onnx", Graph = new GraphProto { Name = "BackpropNetwork" } };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxFormat.Opset });
        var graph = onnx.Graph;
        if (model.FeatureCount > 0) graph.Input.Add(GraphWriter.TensorInfo(featureColumn, OnnxFormat.Float, -1, model.FeatureCount));
        var keys = model.Categorical.Select((_, i) => KeyInput(i)).ToArray();
        foreach (var key in keys) graph.Input.Add(GraphWriter.TensorInfo(key, OnnxFormat.UInt32, -1, 1)); // the OnnxTransformer feeds a scalar as [1, 1]
        var writer = new GraphWriter(graph, "Backprop");
        string logits = NetworkNodes.AppendModel(writer, model, featureColumn, keys);
        // Binary and regression: the score is the logit itself (ML.NET's heads make the rest); the task head's nodes would
        // be computed for nothing.
        if (model.Task != BackpropTask.MulticlassClassification)
        {
            writer.Output(Logit, Flatten(writer, logits, 1), OnnxFormat.Float, 1);
            return onnx.ToByteArray();
        }
        var head = TaskHead.Append(writer, model, logits);
        int classes = model.Network.OutputSize;
        writer.Output(Probabilities, Flatten(writer, head[0].Tensor, classes), OnnxFormat.Float, classes);
        string number = writer.Op("Cast", "ClassNumber", [head[1].Tensor], GraphWriter.Attribute("to", (long)OnnxFormat.Float));
        writer.Output(ClassNumber, Flatten(writer, number, 1), OnnxFormat.Float, 1);
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = OnnxFormat.MlDomain, Version = OnnxFormat.MlOpset });
        writer.SlotNames(Probabilities, TaskHead.ClassNames(model));
        return onnx.ToByteArray();
    }

    private static string Flatten(GraphWriter writer, string tensor, long size) =>
        writer.Op("Reshape", "Row", [tensor, writer.Int64s("RowShape", [1], size)]);
}
