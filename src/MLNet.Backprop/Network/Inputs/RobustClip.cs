using System.Numerics;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// RealMLP's numeric preprocessing (Holzmüller et al. 2024; <see cref="NumericScaling.RobustSmoothClip"/>): feature j's value
/// x becomes v = (x − c_j)·k_j, c_j the training rows' median and k_j = 1 / (q₇₅ − q₂₅), or 1 / (½(max − min)) when the
/// quartiles are equal, or 0 for a constant feature; then the smooth clip u = v / √(1 + v²/9), which is v near 0 and
/// tends to ±3. Immutable: networks cloned from one another share it, and a model stores it with its input part (the clip
/// cannot be folded into the weights).
/// </summary>
internal sealed class RobustClip
{
    /// <summary>|v| beyond this is taken as this (u is then 3 to float precision): v² must not overflow to ∞, which
    /// would give u = 0.</summary>
    public const float MaxAbsScaled = 1e15f;

    private readonly float[] _centers, _inverseScales;

    /// <param name="centers">c_j per feature (copied).</param>
    /// <param name="inverseScales">k_j per feature (copied).</param>
    /// <exception cref="ArgumentException">The values are not valid (<see cref="Problem"/> says why).</exception>
    public RobustClip(float[] centers, float[] inverseScales)
    {
        if (Problem(centers, inverseScales) is { } problem) throw new ArgumentException($"The robust scaling is not valid: {problem}.", nameof(centers));
        _centers = (float[])centers.Clone();
        _inverseScales = (float[])inverseScales.Clone();
    }

    /// <summary>Features mapped.</summary>
    public int Features => _centers.Length;

    /// <summary>c_j: the medians.</summary>
    public ReadOnlySpan<float> Centers => _centers;

    /// <summary>k_j: the inverse quantile ranges (0 for a constant feature).</summary>
    public ReadOnlySpan<float> InverseScales => _inverseScales;

    /// <summary>Why these values are not a valid map, or null: at least one feature, as many scales as centres, all
    /// finite, scales ≥ 0.</summary>
    public static string? Problem(float[]? centers, float[]? inverseScales)
    {
        if (centers is null || inverseScales is null || centers.Length == 0) return "there is no feature";
        if (centers.Length != inverseScales.Length) return $"{centers.Length} centres but {inverseScales.Length} scales";
        for (int j = 0; j < centers.Length; j++)
        {
            if (!float.IsFinite(centers[j])) return $"feature {j}'s centre is {centers[j]}";
            if (!(inverseScales[j] >= 0f) || !float.IsFinite(inverseScales[j])) return $"feature {j}'s inverse scale is {inverseScales[j]}";
        }
        return null;
    }

    /// <summary>The map of dense rows: per column the median and the inverse quantile range (NumPy's linear quantiles) of
    /// every row, with the fallbacks above.</summary>
    /// <param name="features">rows × columns finite values, row-major.</param>
    /// <param name="rows">Rows; at least 1.</param>
    /// <param name="columns">Columns; at least 1.</param>
    /// <param name="threads">Columns sorted at once (the result does not depend on it: each column's values are its own).</param>
    public static RobustClip Compute(ReadOnlySpan<float> features, int rows, int columns, int threads = 1)
    {
        if (rows < 1 || columns < 1 || features.Length != (long)rows * columns)
            throw new ArgumentException($"{features.Length} values are not {rows} rows × {columns} columns (each at least 1).", nameof(features));
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var centers = new float[columns];
        var inverse = new float[columns];
        int atOnce = Math.Min(threads, columns);
        var buffers = new float[atOnce][];
        for (int t = 0; t < atOnce; t++) buffers[t] = new float[rows];
        for (int first = 0; first < columns; first += atOnce)
        {
            int count = Math.Min(atOnce, columns - first);
            for (int t = 0; t < count; t++)
            {
                var column = buffers[t];
                for (int r = 0; r < rows; r++) column[r] = features[r * columns + first + t];
            }
            if (count == 1) Summarize(buffers[0], first, centers, inverse);
            else Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count }, t => Summarize(buffers[t], first + t, centers, inverse));
        }
        return new RobustClip(centers, inverse);
    }

    // Column c's median and inverse quartile range (with the fallbacks), its values in `column` (sorted here).
    private static void Summarize(float[] column, int c, float[] centers, float[] inverse)
    {
        Array.Sort(column);
        centers[c] = QuantileBins.Quantile(column, 0.5);
        double range = (double)QuantileBins.Quantile(column, 0.75) - QuantileBins.Quantile(column, 0.25);
        if (range == 0) range = 0.5 * ((double)column[^1] - column[0]);
        inverse[c] = range > 0 ? (float)(1 / range) : 0f;
        if (!float.IsFinite(inverse[c])) inverse[c] = 0f; // a range below float's smallest reciprocal: as good as constant
    }

    /// <summary>u for one row of <see cref="Features"/> values, in float, operation by operation as the ONNX export
    /// computes it: v = clamp((x − c)·k, ±<see cref="MaxAbsScaled"/>), u = v / √(1 + (v·v)·(1/9)). NaN stays NaN.</summary>
    public void Apply(ReadOnlySpan<float> row, Span<float> destination)
    {
        for (int j = 0; j < _centers.Length; j++) destination[j] = Clip((row[j] - _centers[j]) * _inverseScales[j]);
    }

    /// <summary><see cref="Apply"/> to each of <paramref name="rows"/> rows of <paramref name="dense"/> (row-major,
    /// <see cref="Features"/> values a row) into the same places of <paramref name="destination"/>.</summary>
    /// <remarks>Vectorised along each row: a lane computes the scalar path's operations in its order (the subtraction,
    /// the product, the clamp's selects, v·v·(1/9), 1 + that, the square root and the division, each correctly rounded),
    /// so the values are <see cref="Apply"/>'s bits whatever the vector width.</remarks>
    public void ApplyRows(ReadOnlySpan<float> dense, Span<float> destination, int rows)
    {
        int features = _centers.Length, width = Vector<float>.Count, whole = features - features % width;
        if ((long)rows * features > dense.Length || (long)rows * features > destination.Length)
            throw new ArgumentException("The spans are shorter than the rows.", nameof(dense));
        var max = new Vector<float>(MaxAbsScaled);
        var negativeMax = -max;
        var ninth = new Vector<float>(OneNinth);
        for (int r = 0; r < rows; r++)
        {
            var row = dense.Slice(r * features, features);
            var into = destination.Slice(r * features, features);
            for (int j = 0; j < whole; j += width)
            {
                var v = (new Vector<float>(row.Slice(j, width)) - new Vector<float>(_centers, j)) * new Vector<float>(_inverseScales, j);
                v = Vector.ConditionalSelect(Vector.LessThan(v, negativeMax), negativeMax, Vector.ConditionalSelect(Vector.GreaterThan(v, max), max, v));
                (v / Vector.SquareRoot(Vector<float>.One + v * v * ninth)).CopyTo(into.Slice(j, width));
            }
            for (int j = whole; j < features; j++) into[j] = Clip((row[j] - _centers[j]) * _inverseScales[j]);
        }
    }

    /// <summary>The smooth clip of a scaled value (see <see cref="Apply"/>).</summary>
    public static float Clip(float v)
    {
        v = v < -MaxAbsScaled ? -MaxAbsScaled : v > MaxAbsScaled ? MaxAbsScaled : v;
        return v / MathF.Sqrt(1f + v * v * OneNinth);
    }

    /// <summary>1/9 rounded to float once: the exported graph's constant.</summary>
    public const float OneNinth = 1f / 9f;
}
