using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// A clipped dense input's robust scaling and smooth clip (<see cref="RobustClip"/>) as standard ONNX operators, computing
/// what the library computes in float: <c>Sub</c> of the centres, <c>Mul</c> by the inverse scales, <c>Clip</c> to
/// ±<see cref="RobustClip.MaxAbsScaled"/>, then v / √(1 + (v·v)·(1/9)) with <c>Mul</c>, <c>Add</c>, <c>Sqrt</c> and
/// <c>Div</c>. <c>Clip</c> would turn a NaN into a bound, so 0·x of the features is added after it (+0 for a finite
/// value, NaN for NaN or ±∞): a row with a non-finite feature scores NaN (<see cref="NonFiniteInputs"/>).
/// </summary>
internal static class RobustClipNodes
{
    /// <summary>Appends the nodes; returns the clipped tensor [N, features].</summary>
    /// <param name="writer">The graph.</param>
    /// <param name="clip">The part's scaling.</param>
    /// <param name="features">The float feature tensor [N, features].</param>
    /// <param name="name">The node name prefix.</param>
    /// <param name="keepNaN">Whether to add 0·x after the clip; false only where the graph makes a non-finite row's score NaN
    /// another way (<see cref="StackedNetworkNodes"/>).</param>
    public static string Clip(GraphWriter writer, RobustClip clip, string features, string name, bool keepNaN = true)
    {
        long[] dims = [clip.Features];
        string shifted = writer.Op("Sub", name + "Centred", [features, writer.Floats(name + "Centre", dims, clip.Centers)]);
        string scaled = writer.Op("Mul", name + "Scaled", [shifted, writer.Floats(name + "InverseScale", dims, clip.InverseScales)]);
        string bounded = writer.Op("Clip", name + "Bounded",
            [scaled, writer.Scalar(name + "Lowest", -RobustClip.MaxAbsScaled), writer.Scalar(name + "Highest", RobustClip.MaxAbsScaled)]);
        string v = keepNaN ? writer.Op("Add", name + "V", [bounded, writer.Op("Mul", name + "NaN", [features, writer.Scalar(name + "NaNZero", 0f)])]) : bounded;
        string squared = writer.Op("Mul", name + "VSquared", [v, v]);
        string ninth = writer.Op("Mul", name + "VSquaredNinth", [squared, writer.Scalar(name + "Ninth", RobustClip.OneNinth)]);
        string denominator = writer.Op("Sqrt", name + "Root", [writer.Op("Add", name + "OnePlus", [writer.Scalar(name + "One", 1f), ninth])]);
        return writer.Op("Div", name + "Clipped", [v, denominator]);
    }
}
