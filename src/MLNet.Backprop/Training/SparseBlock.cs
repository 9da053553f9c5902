namespace MLNet.Backprop.Training;

/// <summary>
/// The rows of a sparse first layer's weight gradient that a micro-batch sum may have made non-zero, inside a flattened
/// gradient vector (<see cref="ParameterVector"/>): every other row of the block holds +0. A micro-batch touches a few
/// hundred of the 10⁵–10⁶ rows of a text or id layer, so its sum and the tree's additions need visit those rows only.
/// </summary>
/// <param name="Offset">Where the block starts in the vector.</param>
/// <param name="RowCount">Rows of the matrix.</param>
/// <param name="Width">Values per row.</param>
/// <param name="Rows">The rows that may be non-zero, ascending, each once.</param>
internal sealed record SparseBlock(int Offset, int RowCount, int Width, int[] Rows)
{
    /// <summary>Values of the block.</summary>
    public int Length => RowCount * Width;

    /// <summary>Both describe the same matrix of the same vector.</summary>
    public bool SameBlock(SparseBlock other) => Offset == other.Offset && RowCount == other.RowCount && Width == other.Width;

    /// <summary>The block with the rows either lists (a merge of the two ascending lists).</summary>
    public SparseBlock Union(SparseBlock other)
    {
        int[] a = Rows, b = other.Rows;
        if (b.Length == 0) return this;
        if (a.Length == 0) return other;
        var merged = new int[a.Length + b.Length];
        int i = 0, j = 0, k = 0;
        while (i < a.Length && j < b.Length)
        {
            int x = a[i], y = b[j];
            merged[k++] = Math.Min(x, y);
            if (x <= y) i++;
            if (y <= x) j++;
        }
        while (i < a.Length) merged[k++] = a[i++];
        while (j < b.Length) merged[k++] = b[j++];
        Array.Resize(ref merged, k);
        return this with { Rows = merged };
    }
}

/// <summary>A gradient vector to write a micro-batch sum into, and the rows of its sparse block that its last use may
/// have left non-zero (empty for a fresh vector; null when unknown: the whole block is cleared before it is reused).</summary>
internal readonly record struct GradientBuffer(float[] Vector, int[]? DirtyRows)
{
    /// <summary>A fresh vector of <paramref name="length"/> zeros.</summary>
    public static GradientBuffer Fresh(int length) => new(new float[length], []);

    /// <summary>The vector of <paramref name="sum"/>, to be reused: non-zero at most in its listed rows (and outside its block).</summary>
    public static GradientBuffer Of(GradientSum sum) => new(sum.Gradient, sum.Sparse?.Rows);
}
