using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Onnx.Graph;

/// <summary>
/// A piecewise-linear input's encoding as standard ONNX operators, computing what the library computes in float: each
/// bin's feature taken with <c>Gather</c> (axis 1), then <c>Sub</c> of the bin's lower edge, <c>Div</c> by its width
/// (the same float as the library's b_t − b_{t−1}) and <c>Clip</c> to [0, 1]. <c>Clip</c> would turn a NaN into a
/// bound, so 0·x of the gathered feature is added after it (+0 for a finite value, NaN for NaN): a row with a
/// non-finite feature still scores NaN (<see cref="NonFiniteInputs"/>).
/// </summary>
internal static class PiecewiseLinearNodes
{
    /// <summary>Appends the nodes; returns the encoded tensor [N, bins].</summary>
    /// <param name="writer">The graph.</param>
    /// <param name="bins">The part's edges.</param>
    /// <param name="features">The float feature tensor [N, features].</param>
    /// <param name="name">The node name prefix.</param>
    /// <param name="keepNaN">Whether to add 0·x after the clip; false only where the graph makes a non-finite row's score NaN
    /// another way (<see cref="StackedNetworkNodes"/>).</param>
    public static string Encode(GraphWriter writer, QuantileBins bins, string features, string name, bool keepNaN = true)
    {
        int total = bins.TotalBins;
        var feature = new long[total];
        var lows = new float[total];
        var widths = new float[total];
        for (int f = 0, at = 0; f < bins.Features; f++)
        {
            var e = bins.Edges(f);
            for (int t = 1; t < e.Length; t++, at++) (feature[at], lows[at], widths[at]) = (f, e[t - 1], e[t] - e[t - 1]);
        }
        string gathered = writer.Op("Gather", name + "BinFeature", [features, writer.Int64s(name + "BinFeatureIndex", [total], feature)],
            GraphWriter.Attribute("axis", 1L));
        string shifted = writer.Op("Sub", name + "BinShifted", [gathered, writer.Floats(name + "BinLow", [total], lows)]);
        string scaled = writer.Op("Div", name + "BinScaled", [shifted, writer.Floats(name + "BinWidth", [total], widths)]);
        string clipped = writer.Op("Clip", name + "BinClipped", [scaled, writer.Scalar(name + "BinZero", 0f), writer.Scalar(name + "BinOne", 1f)]);
        if (!keepNaN) return clipped;
        string zeroOrNaN = writer.Op("Mul", name + "BinNaN", [gathered, writer.Scalar(name + "BinNaNZero", 0f)]);
        return writer.Op("Add", name + "BinEncoded", [clipped, zeroOrNaN]);
    }
}
