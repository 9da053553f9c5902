using System.Numerics.Tensors;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// The first two principal axes of a set of vectors (rows of a matrix) and the rows' coordinates on them: the rows are
/// centred, their covariance C (width × width) formed, and its two leading eigenvectors found by power iteration (the
/// second on C with the first's part removed, kept orthogonal to it). Deterministic: the iteration starts from C's
/// column of largest variance, and each axis is signed so that its largest-magnitude component is positive (the first
/// such component on a tie), so the same vectors give the same picture on every machine and run.
/// </summary>
internal static class PrincipalAxes
{
    private const int MaxIterations = 1000;

    /// <summary>Rows the covariance is formed from at most (evenly spaced through the rest when there are more); every row is projected.</summary>
    public const int MaxFitRows = 10_000;

    /// <summary>Coordinates of the <paramref name="rows"/> rows of <paramref name="values"/> (row-major, <paramref name="width"/>
    /// values each) on the first two principal axes, and each axis's share of the total variance.</summary>
    public static (double[] X, double[] Y, double FirstShare, double SecondShare) Project(ReadOnlySpan<float> values, int rows, int width)
    {
        if (rows < 0 || width < 1 || (long)rows * width > values.Length)
            throw new ArgumentOutOfRangeException(nameof(rows), $"{rows} rows of {width} values do not fit in {values.Length}.");
        var x = new double[rows];
        var y = new double[rows];
        if (rows == 0) return (x, y, double.NaN, double.NaN);

        var mean = new double[width];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < width; i++) mean[i] += values[r * width + i];
        for (int i = 0; i < width; i++) mean[i] /= rows;

        var covariance = Covariance(values, rows, width, mean);
        double trace = 0;
        for (int i = 0; i < width; i++) trace += covariance[i * width + i];
        var (first, l1) = LeadingAxis(covariance, width, null);
        for (int i = 0; i < width; i++)
            for (int j = 0; j < width; j++) covariance[i * width + j] -= l1 * first[i] * first[j];
        var (second, l2) = width > 1 ? LeadingAxis(covariance, width, first) : (new double[width], 0.0);

        var centred = new double[width];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < width; i++) centred[i] = values[r * width + i] - mean[i];
            x[r] = WideSums.Dot(centred, first);
            y[r] = WideSums.Dot(centred, second);
        }
        return trace > 0 ? (x, y, Math.Max(0, l1) / trace, Math.Max(0, l2) / trace) : (x, y, 0, 0);
    }

    /// <summary>C = Σ (v − mean)(v − mean)ᵀ / n over the fitted rows, one row at a time (each row adds x_i·x to row i
    /// of C, right of the diagonal, vectorised), so that nothing but C itself is held: width² values.</summary>
    private static double[] Covariance(ReadOnlySpan<float> values, int rows, int width, double[] mean)
    {
        int fit = Math.Min(rows, MaxFitRows);
        var c = new double[width * width];
        var centred = new double[width];
        for (int k = 0; k < fit; k++)
        {
            int r = (int)((long)k * rows / fit);
            for (int i = 0; i < width; i++) centred[i] = values[r * width + i] - mean[i];
            for (int i = 0; i < width; i++)
            {
                var upper = c.AsSpan(i * width + i, width - i);
                TensorPrimitives.MultiplyAdd(centred.AsSpan(i), centred[i], upper, upper);
            }
        }
        for (int i = 0; i < width; i++)
            for (int j = i; j < width; j++) c[j * width + i] = c[i * width + j] /= fit;
        return c;
    }

    /// <summary>The leading eigenvector of the symmetric <paramref name="c"/> (kept orthogonal to <paramref name="orthogonalTo"/>)
    /// and its eigenvalue (the Rayleigh quotient).</summary>
    private static (double[] Axis, double Value) LeadingAxis(double[] c, int width, double[]? orthogonalTo)
    {
        int start = 0;
        for (int i = 1; i < width; i++) if (c[i * width + i] > c[start * width + start]) start = i;
        var v = c.AsSpan(start * width, width).ToArray();
        if (!Normalize(v, orthogonalTo))
        {
            Array.Clear(v);
            v[start] = 1;
            if (!Normalize(v, orthogonalTo)) return (FirstFreeAxis(width, orthogonalTo), 0);
        }
        var next = new double[width];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Multiply(c, v, next, width);
            if (!Normalize(next, orthogonalTo)) return (Signed(v), 0); // v is in C's null space: its eigenvalue is 0
            double agreement = Math.Abs(WideSums.Dot(next, v));
            (v, next) = (next, v);
            if (1 - agreement < 1e-14) break;
        }
        Multiply(c, v, next, width);
        double value = WideSums.Dot(v, next); // before the sign is set: Signed may negate v in place
        return (Signed(v), value);
    }

    private static void Multiply(double[] c, double[] v, double[] result, int width)
    {
        for (int i = 0; i < width; i++) result[i] = WideSums.Dot(c.AsSpan(i * width, width), v);
    }

    /// <summary>Removes the part along <paramref name="orthogonalTo"/> and scales to length 1; false for a (near) zero vector.</summary>
    private static bool Normalize(double[] v, double[]? orthogonalTo)
    {
        if (orthogonalTo is not null)
        {
            double along = WideSums.Dot(v, orthogonalTo);
            for (int i = 0; i < v.Length; i++) v[i] -= along * orthogonalTo[i];
        }
        double norm = WideSums.Norm(v);
        if (!(norm > 1e-300)) return false;
        TensorPrimitives.Divide(v, norm, v);
        return true;
    }

    /// <summary>A unit vector orthogonal to <paramref name="orthogonalTo"/> when the data gives no direction (all points equal).</summary>
    private static double[] FirstFreeAxis(int width, double[]? orthogonalTo)
    {
        for (int i = 0; i < width; i++)
        {
            var v = new double[width];
            v[i] = 1;
            if (Normalize(v, orthogonalTo)) return Signed(v);
        }
        return new double[width];
    }

    /// <summary>The sign convention: the largest-magnitude component positive.</summary>
    private static double[] Signed(double[] v)
    {
        int largest = 0;
        for (int i = 1; i < v.Length; i++) if (Math.Abs(v[i]) > Math.Abs(v[largest]) * (1 + 1e-12)) largest = i;
        if (v[largest] < 0) TensorPrimitives.Negate(v, v);
        return v;
    }
}
