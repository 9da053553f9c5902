namespace MLNet.Backprop.Onnx.Graph;

/// <summary>The ONNX versions and element types the package writes. ML.NET's converter (Microsoft.ML.OnnxConverter
/// 0.23.1) writes IR version 6 with opset 12 of the default domain and opset 2 of ai.onnx.ml, its maximum; every node
/// appended here exists in those opsets, so the merged graph keeps them (raising the opset breaks the converter's
/// attribute-form nodes, e.g. <c>Unsqueeze(axes)</c>, removed in opset 13).</summary>
internal static class OnnxFormat
{
    public const long IrVersion = 6;
    public const long Opset = 12;
    public const long MlOpset = 2;
    public const string MlDomain = "ai.onnx.ml";

    // TensorProto.DataType values.
    public const int Float = 1;
    public const int Int64 = 7;
    public const int String = 8;
    public const int Bool = 9;
    public const int UInt32 = 12;
    public const int UInt64 = 13;

    /// <summary>ML.NET's converter names the graph output of column c "c.output"; OnnxTransformer strips the suffix.</summary>
    public const string OutputSuffix = ".output";

    /// <summary>ML.NET's convention for a column's slot names: a LabelEncoder node of this name whose keys are the names
    /// (OnnxTransformer reads them back as the column's SlotNames annotation).</summary>
    public static string SlotNamesNode(string column) => $"mlnet.{column}.SlotNames";

    /// <summary>The graph output of that LabelEncoder node.</summary>
    public static string SlotNamesOutput(string column) => $"mlnet.{column}.unusedOutput";
}
