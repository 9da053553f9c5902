using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// The first layer's product X·W as ONNX nodes, part by part of the network's input stage, as the library computes it:
/// a dense block is <c>MatMul</c> of the feature tensor with its rows of W, and so is a sparse block (ONNX and ML.NET's
/// ONNX transformer carry the feature vector as a dense tensor: its zeros add nothing); a piecewise-linear block is the
/// <c>MatMul</c> of its encoding (<see cref="PiecewiseLinearNodes"/>), a periodic block of its embeddings
/// (<see cref="PeriodicNodes"/>; behind <see cref="RobustClipNodes"/> when it reads clipped values), a clipped block of its clipped values (<see cref="RobustClipNodes"/>); several parts' products are added in order.
/// </summary>
internal static class InputNodes
{
    /// <summary>Appends the product of <paramref name="input"/>'s parts; returns its tensor, [N, units].</summary>
    /// <param name="writer">The graph.</param>
    /// <param name="input">The network's input stage.</param>
    /// <param name="features">The float feature tensor [N, dense width].</param>
    /// <param name="name">The layer's node name prefix.</param>
    /// <param name="keys">The key tensor of each categorical column ([N] or [N, 1], any integer type: 1-based key values,
    /// 0 = missing), in the model's order.</param>
    public static string Product(GraphWriter writer, InputStage input, string features, string name, IReadOnlyList<string> keys)
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
                InputKind.PiecewiseLinear => writer.Op("MatMul", name + "XW" + suffix,
                    [PiecewiseLinearNodes.Encode(writer, part.Bins!, features, name + suffix), writer.Floats(name + "W" + suffix, [part.Rows, units], rows)]),
                InputKind.ClippedDense => writer.Op("MatMul", name + "XW" + suffix,
                    [RobustClipNodes.Clip(writer, part.Clip!, features, name + suffix), writer.Floats(name + "W" + suffix, [part.Rows, units], rows)]),
                InputKind.Periodic => writer.Op("MatMul", name + "XW" + suffix,
                    [Periodic(writer, input.Parts[p], features, name + suffix), writer.Floats(name + "W" + suffix, [part.Rows, units], rows)]),
                InputKind.Embedding => writer.Op("MatMul", name + "EW" + suffix,
                    [Lookup(writer, (EmbeddingInput)input.Parts[p], keys[((EmbeddingInput)input.Parts[p]).KeyColumn], name + "E" + suffix),
                     writer.Floats(name + "W" + suffix, [part.Rows, units], rows)]),
                _ => throw new NotSupportedException($"Input part {p} of kind {part.Kind} has no ONNX form in this version of MLNet.Backprop.Onnx."),
            };
            sum = sum is null ? product : writer.Op("Add", name + "XWSum" + suffix, [sum, product]);
            firstRow += part.Rows;
        }
        return sum!;
    }

    /// <summary>A periodic part's embeddings, of the robustly scaled and clipped features when it reads those
    /// (<see cref="ClippedFeaturesInput"/>: the clip's nodes, then the embedding's on their output).</summary>
    private static string Periodic(GraphWriter writer, IInputPart part, string features, string name) => part switch
    {
        ClippedFeaturesInput clipped => PeriodicNodes.Embed(writer, (PeriodicInput)clipped.Inner,
            RobustClipNodes.Clip(writer, clipped.Description.Clip!, features, name + "Robust"), name),
        _ => PeriodicNodes.Embed(writer, (PeriodicInput)part, features, name),
    };

    /// <summary>The rows of an embedding table for a key tensor: the key as int64 (a uint64 one clamped first,
    /// <see cref="KeyTensors"/>), a key the table does not have (beyond the trained count) mapped to row 0 (the unknown
    /// vector), then <c>Gather</c> on the table.</summary>
    private static string Lookup(GraphWriter writer, EmbeddingInput part, string key, string name)
    {
        var table = part.Table.Values;
        int rows = part.Description.Slots, width = part.Description.Rows;
        string flat = writer.Op("Reshape", name + "Key", [writer.Op("Cast", name + "Key64", [KeyTensors.ClampUInt64(writer, key, [rows], name)],
            GraphWriter.Attribute("to", (long)OnnxFormat.Int64)),
            writer.Int64s(name + "KeyShape", [1], -1)]);
        string known = writer.Op("Less", name + "Known", [flat, writer.Int64s(name + "Rows", [], rows)]);
        string row = writer.Op("Where", name + "Row", [known, flat, writer.Int64s(name + "Unknown", [], 0)]);
        return writer.Op("Gather", name + "Vectors", [writer.Floats(name + "Table", [rows, width], table), row], GraphWriter.Attribute("axis", 0L));
    }
}
