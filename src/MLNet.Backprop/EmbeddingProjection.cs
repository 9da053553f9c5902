namespace MLNet.Backprop;

/// <summary>
/// An embedding table's key values placed in a plane (<see cref="EmbeddingTable.Project2D"/>): each vector's
/// coordinates on the table's first two principal axes (PCA), which show as much of the vectors' spread as any plane
/// can. Values whose vectors are alike lie close together.
/// </summary>
/// <remarks>Each axis is signed so that its largest-magnitude component is positive: the same table gives the same
/// picture every time. The covariance is formed from at most 10,000 vectors (evenly spaced through a larger table);
/// every vector is projected.</remarks>
public sealed class EmbeddingProjection
{
    internal EmbeddingProjection(IReadOnlyList<string> names, double[] x, double[] y, double firstShare, double secondShare)
    {
        Names = names;
        X = x;
        Y = y;
        FirstAxisShare = firstShare;
        SecondAxisShare = secondShare;
    }

    /// <summary>The key values' names, in key order (as <see cref="EmbeddingTable.Names"/>).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Each value's coordinate on the first principal axis (the vectors' mean is at 0).</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>Each value's coordinate on the second principal axis (all 0 for vectors of width 1).</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>Share of the vectors' total variance along the first axis, in [0, 1] (0 when all vectors are equal).</summary>
    public double FirstAxisShare { get; }

    /// <summary>Share of the vectors' total variance along the second axis, in [0, 1].</summary>
    public double SecondAxisShare { get; }
}
