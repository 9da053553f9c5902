namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// A row with a NaN or infinite feature scores NaN in the graph, as documented: the library's transformer refuses such
/// a row, and an infinite feature would otherwise saturate the network into a finite score and a label, which looks
/// like a prediction. x + 0·x is x for every finite x and NaN for NaN and ±∞ (0·∞ is NaN); two elementwise nodes.
/// </summary>
internal static class NonFiniteInputs
{
    /// <summary>Appends the nodes; returns the tensor to feed the network instead of <paramref name="features"/>.</summary>
    public static string ToNaN(GraphWriter writer, string features)
    {
        string zeroOrNaN = writer.Op("Mul", "NonFinite/ZeroTimesX", [features, writer.Scalar("NonFinite/Zero", 0f)]);
        return writer.Op("Add", "NonFinite/Checked", [features, zeroOrNaN]);
    }
}
