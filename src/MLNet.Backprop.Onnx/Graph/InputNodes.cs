using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// The first layer's product X·W as ONNX nodes, part by part of the network's input stage, as the library computes it:
/// a dense block is <c>MatMul</c> of the feature tensor with its rows of W, and so is a sparse block (ONNX and ML.NET's
/// ONNX transformer carry the feature vector as a dense tensor: its zeros add nothing); several parts' products are
/// added in order.
/// </summary>
internal static class InputNodes
{
    /// <summary>Appends the product of <paramref name="input"/>'s parts; returns its tensor, [N, units].</summary>
    /// <param name="writer">The graph.</param>
    /// <param name="input">The network's input stage.</param>
    /// <param name="features">The float feature tensor [N, dense width].</param>
    /// <param name="name">The layer's node name prefix.</param>
    public static string Product(GraphWriter writer, InputStage input, string features, string name)
    {
        var layer = input.Layer;
        int units = layer.OutputSize, firstRow = 0;
        string? sum = null;
        for (int p = 0; p < input.Parts.Count; p++)
        {
            var part = input.Parts[p].Description;
            var rows = layer.Weights.Span.Slice(firstRow * units, part.Rows * units);
            string suffix = input.Parts.Count == 1 ? "" : $"P{p}";
            string product = part.Kind switch
            {
                InputKind.Dense or InputKind.Sparse =>
                    writer.Op("MatMul", name + "XW" + suffix, [features, writer.Floats(name + "W" + suffix, [part.Rows, units], rows)]),
                _ => throw new NotSupportedException($"Input part {p} of kind {part.Kind} has no ONNX form in this version of MLNet.Backprop.Onnx."),
            };
            sum = sum is null ? product : writer.Op("Add", name + "XWSum" + suffix, [sum, product]);
            firstRow += part.Rows;
        }
        return sum!;
    }
}
