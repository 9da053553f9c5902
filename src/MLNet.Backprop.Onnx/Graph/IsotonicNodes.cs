using MLNet.Backprop.Calibration;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// The isotonic calibration of a binary logit as standard opset-12 operators, computing what
/// <see cref="IsotonicMap.Logit"/> computes in float: the knots ≤ the logit counted (<c>LessOrEqual</c>, <c>Cast</c>,
/// <c>ReduceSum</c>), the segment to their left (count − 1 clipped to the segments, <c>Cast</c> to int64), its left knot,
/// value, width and slope taken with <c>Gather</c>, then v + min(max(s − k, 0), width)·slope + 0·s (the last term keeps a
/// NaN logit NaN), and the logit of that probability, log(p / (1 − p)), for the sigmoid that follows.
/// </summary>
internal static class IsotonicNodes
{
    /// <summary>Appends the nodes to the binary logit <paramref name="score"/> [N, 1]; returns the calibrated logit [N, 1].</summary>
    public static string Calibrate(GraphWriter writer, IsotonicMap map, string score)
    {
        int knots = map.Knots.Length, segments = map.Widths.Length;
        string knotTensor = writer.Floats("IsotonicKnots", [knots], map.Knots);
        string atOrBelow = writer.Op("LessOrEqual", "IsotonicAtOrBelow", [knotTensor, score]);
        string counted = writer.Op("Cast", "IsotonicAtOrBelowFloat", [atOrBelow], GraphWriter.Attribute("to", (long)OnnxFormat.Float));
        string count = writer.Op("ReduceSum", "IsotonicCount", [counted], GraphWriter.Attribute("axes", [1L]), GraphWriter.Attribute("keepdims", 1L));
        string left = writer.Op("Sub", "IsotonicLeft", [count, writer.Scalar("IsotonicOne", 1f)]);
        string clipped = writer.Op("Clip", "IsotonicSegmentFloat", [left, writer.Scalar("IsotonicFirstSegment", 0f), writer.Scalar("IsotonicLastSegment", segments - 1)]);
        string segment = writer.Op("Cast", "IsotonicSegment", [clipped], GraphWriter.Attribute("to", (long)OnnxFormat.Int64));
        string Take(string name, float[] values) =>
            writer.Op("Gather", "Isotonic" + name, [writer.Floats("Isotonic" + name + "s", [values.Length], values), segment], GraphWriter.Attribute("axis", 0L));
        string knot = Take("Knot", map.Knots), value = Take("Value", map.Values), width = Take("Width", map.Widths), slope = Take("Slope", map.Slopes);
        string shifted = writer.Op("Sub", "IsotonicShifted", [score, knot]);
        string along = writer.Op("Min", "IsotonicAlong", [writer.Op("Max", "IsotonicAbove", [shifted, writer.Scalar("IsotonicZero", 0f)]), width]);
        string interpolated = writer.Op("Add", "IsotonicInterpolated", [value, writer.Op("Mul", "IsotonicRise", [along, slope])]);
        string probability = writer.Op("Add", "IsotonicProbability", [interpolated, writer.Op("Mul", "IsotonicNaN", [score, writer.Scalar("IsotonicNaNZero", 0f)])]);
        string complement = writer.Op("Sub", "IsotonicComplement", [writer.Scalar("IsotonicUnit", 1f), probability]);
        return writer.Op("Log", "IsotonicLogit", [writer.Op("Div", "IsotonicOdds", [probability, complement])]);
    }
}
