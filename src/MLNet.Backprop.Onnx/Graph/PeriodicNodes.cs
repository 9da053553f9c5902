using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// A periodic input's embeddings as standard ONNX operators (opset 12), computing what the library computes in float:
/// the feature map (<c>Sub</c> of the offsets, <c>Mul</c> by the inverse scales), reshaped to [N, F, 1] and multiplied by
/// ω = 2π·c [F, k] (the library's float ω), <c>Sin</c> and <c>Cos</c> concatenated to v [N, F, 2k], then every feature's
/// linear layer at once as a batched <c>MatMul</c> of v transposed to [F, N, 2k] with L [F, 2k, d], transposed back,
/// <c>Add</c> of B [F, d] and <c>Relu</c>, reshaped to E [N, F·d]. <c>Relu</c> may turn a NaN into 0, so 0·x̃ is added
/// after it (+0 for a finite value, NaN for NaN): a row with a non-finite feature still scores NaN (<see cref="NonFiniteInputs"/>).
/// When some slots pass through (<see cref="PeriodicFeatures.PassThrough"/>), the embedded slots are first taken with
/// <c>Gather</c>, and the pass-through slots, gathered likewise, are concatenated after the embeddings, the order of the
/// first layer's rows.
/// </summary>
internal static class PeriodicNodes
{
    /// <summary>Appends the nodes; returns the tensor [N, F_e·d + F_p] of the embeddings then the pass-through values.</summary>
    /// <param name="writer">The graph.</param>
    /// <param name="part">The network's periodic part (its settings and learned values).</param>
    /// <param name="features">The float feature tensor [N, F].</param>
    /// <param name="name">The node name prefix.</param>
    public static string Embed(GraphWriter writer, PeriodicInput part, string features, string name)
    {
        var settings = part.Description.PeriodicSettings!;
        int f = settings.Embedded.Length, k = settings.Frequencies, d = settings.Width;
        var omega = part.Frequencies.Values.Select(PeriodicInput.Omega).ToArray();
        string column = Column(writer, settings, features, name);
        string angle = writer.Op("Mul", name + "PeriodicAngle", [column, writer.Floats(name + "PeriodicOmega", [f, k], omega)]);
        string v = writer.Op("Concat", name + "PeriodicV", [writer.Op("Sin", name + "PeriodicSin", [angle]), writer.Op("Cos", name + "PeriodicCos", [angle])],
            GraphWriter.Attribute("axis", 2L));
        string byFeature = writer.Op("Transpose", name + "PeriodicVByFeature", [v], GraphWriter.Attribute("perm", [1L, 0L, 2L]));
        string linear = writer.Op("MatMul", name + "PeriodicLinear", [byFeature, writer.Floats(name + "PeriodicL", [f, 2 * k, d], part.Weights.Values)]);
        string byRow = writer.Op("Transpose", name + "PeriodicByRow", [linear], GraphWriter.Attribute("perm", [1L, 0L, 2L]));
        string pre = writer.Op("Add", name + "PeriodicPre", [byRow, writer.Floats(name + "PeriodicB", [f, d], part.Biases.Values)]);
        string relu = writer.Op("Relu", name + "PeriodicRelu", [pre]);
        string zeroOrNaN = writer.Op("Mul", name + "PeriodicNaN", [column, writer.Scalar(name + "PeriodicNaNZero", 0f)]);
        string checkedRelu = writer.Op("Add", name + "PeriodicChecked", [relu, zeroOrNaN]);
        string embedded = writer.Op("Reshape", name + "PeriodicE", [checkedRelu, writer.Int64s(name + "PeriodicEShape", [2], -1, (long)f * d)]);
        if (settings.PassThrough.Length == 0) return embedded;
        return writer.Op("Concat", name + "PeriodicEAndPassThrough", [embedded, PassThrough(writer, settings, features, name)], GraphWriter.Attribute("axis", 1L));
    }

    /// <summary>The embedded slots' feature map, reshaped to a column per feature: [N, F_e, 1].</summary>
    public static string Column(GraphWriter writer, PeriodicFeatures settings, string features, string name)
    {
        int f = settings.Embedded.Length;
        if (settings.PassThrough.Length > 0)
            features = writer.Op("Gather", name + "PeriodicEmbedded", [features, writer.Int64s(name + "PeriodicEmbeddedSlots", [f], settings.Embedded.Select(s => (long)s).ToArray())],
                GraphWriter.Attribute("axis", 1L));
        // (x − 0)·1 is x, bit for bit: a map that changes nothing (the robust clip in front does the scaling) has no nodes.
        string mapped = settings.MapsIdentically ? features
            : writer.Op("Mul", name + "PeriodicMapped", [writer.Op("Sub", name + "PeriodicShifted", [features, writer.Floats(name + "PeriodicOffset", [f], settings.Offsets)]),
                writer.Floats(name + "PeriodicInverseScale", [f], settings.InverseScales)]);
        return writer.Op("Reshape", name + "PeriodicColumn", [mapped, writer.Int64s(name + "PeriodicColumnShape", [3], -1, f, 1)]);
    }

    /// <summary>The pass-through slots' values, [N, F_p] (call only when there are some).</summary>
    public static string PassThrough(GraphWriter writer, PeriodicFeatures settings, string features, string name)
    {
        var passSlots = settings.PassThrough.Select(s => (long)s).ToArray();
        return writer.Op("Gather", name + "PeriodicPassThrough", [features, writer.Int64s(name + "PeriodicPassThroughSlots", [passSlots.Length], passSlots)],
            GraphWriter.Attribute("axis", 1L));
    }
}
