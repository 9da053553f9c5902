using MLNet.Backprop.Onnx.Proto;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// Key tensors as the embedding look-ups take them. The look-ups cast keys to int64 and read any key at or beyond the
/// table's rows as the unknown row, as the library's <c>KeyColumnReader</c> and <c>EmbeddingInput</c> do; but a uint64
/// key of 2^63 or more casts to a negative int64, which no such bound catches: <c>Gather</c> reads it from the table's
/// end (another column's or key's row, silently) or fails. Such a key is clamped in uint64, before the cast, to a value
/// the bound then maps to the unknown row. Keys of the narrower types cast without loss and get no extra node.
/// </summary>
internal static class KeyTensors
{
    /// <summary><paramref name="key"/> with each column's values above <paramref name="bounds"/> (one per column, or one
    /// for all) lowered to it, when the graph declares the tensor uint64; else <paramref name="key"/> itself.</summary>
    public static string ClampUInt64(GraphWriter writer, string key, long[] bounds, string name) =>
        ClampUInt64(writer, key, Declared(writer.Graph, key)?.Type, bounds, name);

    /// <summary>As <see cref="ClampUInt64(GraphWriter, string, long[], string)"/>, for a tensor whose element type is
    /// known to the caller (<paramref name="type"/>, an <see cref="OnnxFormat"/> type; e.g. keys concatenated in the graph,
    /// which it does not declare).</summary>
    public static string ClampUInt64(GraphWriter writer, string key, int? type, long[] bounds, string name) =>
        type != OnnxFormat.UInt64 ? key
            : writer.Op("Min", name + "KeyBelow2To63", [key, writer.UInt64s(name + "KeyBound", bounds.Length == 1 ? [] : [bounds.Length], bounds)]);

    /// <summary>The element type and rank the graph declares for <paramref name="tensor"/> (an input, output or value info).</summary>
    public static (int Type, int Rank)? Declared(GraphProto graph, string tensor)
    {
        var info = graph.Input.Concat(graph.Output).Concat(graph.ValueInfo).FirstOrDefault(v => v.Name == tensor);
        return info?.Type?.TensorType is { } t && t.Shape is { } shape ? (t.ElemType, shape.Dim.Count) : null;
    }
}
