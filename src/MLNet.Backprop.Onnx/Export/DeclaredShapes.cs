using MLNet.Backprop.Onnx.Proto;

namespace MLNet.Backprop.Onnx.Export;

/// <summary>
/// ML.NET's converter declares an unknown dimension as the value −1, which ONNX does not define (a dimension is a value
/// ≥ 0, a name, or unknown): <c>onnx.checker.check_model(full_check=True)</c> then fails where shape inference knows
/// better, e.g. its slot-names <c>LabelEncoder</c> outputs, declared [−1, 1] and inferred [1, 1]. Such dimensions are
/// declared unknown instead, as the nodes this package appends declare theirs.
/// </summary>
internal static class DeclaredShapes
{
    public static void Normalize(GraphProto graph)
    {
        foreach (var value in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo))
        {
            if (value.Type?.TensorType?.Shape is not { } shape) continue;
            foreach (var dim in shape.Dim)
                if (dim.HasDimValue && dim.DimValue < 0) dim.ClearDimValue();
        }
    }
}
