using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// The bin edges of a piecewise-linear encoding (<see cref="PiecewiseLinearInput"/>): per feature, strictly increasing
/// edges b₀ &lt; … &lt; b_T, T ≥ 0 bins (a feature with one value has one edge and no bin). Immutable: networks cloned
/// from one another share it, and a model stores it with its input parts. <see cref="Compute"/> makes quantile edges;
/// <see cref="SupervisedBins"/> makes target-aware ones (<see cref="NumericBinning"/>) of the same type.
/// </summary>
internal sealed class QuantileBins
{
    private readonly float[][] _edges;
    private readonly int[] _firstBin;

    // Per bin of the encoded row: its lower edge and its width (rounded to float, as the encoding divides by it), so that
    // a row encodes as one broadcast of each feature's value over its bins (a feature's bins are adjacent, _firstBin[f]
    // on) and a vectorised pass over every bin.
    private readonly float[] _binLower, _binWidth;

    /// <summary>Whether the edges were learned from the labels (<see cref="SupervisedBins"/>) rather than taken at the rows'
    /// quantiles: what the fit's settings record (the automatic encoding falls back to quantiles when no row can shape
    /// them). A fit-time fact; a model file does not store it.</summary>
    public bool Supervised { get; init; }

    /// <param name="edges">Per feature, one or more finite, strictly increasing edges (copied).</param>
    /// <exception cref="ArgumentException">The edges are not valid (<see cref="Problem"/> says why).</exception>
    public QuantileBins(IReadOnlyList<float[]> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (Problem(edges) is { } problem) throw new ArgumentException($"The bin edges are not valid: {problem}.", nameof(edges));
        _edges = edges.Select(e => (float[])e.Clone()).ToArray();
        _firstBin = new int[_edges.Length + 1];
        for (int f = 0; f < _edges.Length; f++) _firstBin[f + 1] = _firstBin[f] + _edges[f].Length - 1;
        _binLower = new float[TotalBins];
        _binWidth = new float[TotalBins];
        for (int f = 0; f < _edges.Length; f++)
        {
            var e = _edges[f];
            for (int t = 1; t < e.Length; t++)
            {
                int at = _firstBin[f] + t - 1;
                _binLower[at] = e[t - 1];
                _binWidth[at] = e[t] - e[t - 1];
            }
        }
    }

    /// <summary>Features encoded.</summary>
    public int Features => _edges.Length;

    /// <summary>Bins over every feature: the encoded row's length.</summary>
    public int TotalBins => _firstBin[^1];

    /// <summary>Feature <paramref name="feature"/>'s edges.</summary>
    public ReadOnlySpan<float> Edges(int feature) => _edges[feature];

    /// <summary>Why these edges are not valid, or null: each feature needs at least one edge, all finite and strictly
    /// increasing (so that no bin has zero width).</summary>
    public static string? Problem(IReadOnlyList<float[]> edges)
    {
        if (edges.Count == 0) return "there is no feature";
        for (int f = 0; f < edges.Count; f++)
        {
            var e = edges[f];
            if (e is null || e.Length == 0) return $"feature {f} has no edge";
            for (int t = 0; t < e.Length; t++)
            {
                if (!float.IsFinite(e[t])) return $"feature {f}'s edge {t} is {e[t]}";
                if (t > 0 && !(e[t] > e[t - 1])) return $"feature {f}'s edges {t - 1} and {t} ({e[t - 1]}, {e[t]}) do not increase";
            }
        }
        return null;
    }

    /// <summary>The edges of <paramref name="bins"/> quantile bins per column of dense rows: each column's quantiles at
    /// 0, 1/bins, …, 1 (linear between order statistics, NumPy's default), equal edges merged, so that a column of few
    /// distinct values gets fewer bins and a constant one none.</summary>
    /// <param name="features">rows × columns finite values, row-major.</param>
    /// <param name="rows">Rows; at least 1.</param>
    /// <param name="columns">Columns; at least 1.</param>
    /// <param name="bins">Bins per column; at least 1.</param>
    public static QuantileBins Compute(ReadOnlySpan<float> features, int rows, int columns, int bins)
    {
        if (rows < 1 || columns < 1 || features.Length != (long)rows * columns)
            throw new ArgumentException($"{features.Length} values are not {rows} rows × {columns} columns (each at least 1).", nameof(features));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var edges = new float[columns][];
        var column = new float[rows];
        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < rows; r++) column[r] = features[r * columns + c];
            Array.Sort(column);
            var kept = new List<float>(bins + 1);
            for (int t = 0; t <= bins; t++)
            {
                float edge = Quantile(column, (double)t / bins);
                if (kept.Count == 0 || edge > kept[^1]) kept.Add(edge);
            }
            edges[c] = [.. kept];
        }
        return new QuantileBins(edges);
    }

    /// <summary>The q-quantile of sorted values, linear between the order statistics around (n − 1)·q; the ends are the
    /// smallest and largest values exactly.</summary>
    internal static float Quantile(float[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int below = (int)Math.Floor(h);
        if (below >= sorted.Length - 1) return sorted[^1];
        double fraction = h - below;
        double value = sorted[below] + fraction * ((double)sorted[below + 1] - sorted[below]);
        // Never beyond the order statistics around it (float rounding of the interpolation).
        return Math.Clamp((float)value, sorted[below], sorted[below + 1]);
    }

    /// <summary>The encoding of one row of <see cref="Features"/> values into <see cref="TotalBins"/> values: per bin,
    /// clamp((x − b_{t−1}) / (b_t − b_{t−1}), 0, 1), in float, the bin's width b_t − b_{t−1} rounded to float first (what
    /// the ONNX export computes). A NaN value gives NaN in its feature's bins, as it would entering the first layer as it is.</summary>
    /// <remarks>Each bin's value is the same float subtraction, division and clamp whether a vector lane or the scalar
    /// tail computes it (IEEE operations, correctly rounded either way): the encoding does not depend on the vector width.</remarks>
    public void Encode(ReadOnlySpan<float> row, Span<float> destination)
    {
        int total = _binLower.Length;
        // Checked once here: the loops below read and write through references without a bounds check per value (the
        // encoding is the piecewise-linear part's own cost on every batch).
        if (row.Length < _edges.Length || destination.Length < total)
            throw new ArgumentException($"Encoding {_edges.Length} features into {total} bins needs as many values; got {row.Length} and room for {destination.Length}.");
        ref float x = ref MemoryMarshal.GetReference(row);
        ref float values = ref MemoryMarshal.GetReference(destination);
        ref int first = ref MemoryMarshal.GetArrayDataReference(_firstBin);
        ref float lower = ref MemoryMarshal.GetArrayDataReference(_binLower);
        ref float width = ref MemoryMarshal.GetArrayDataReference(_binWidth);
        // Each feature's value over its bins: a vectorised fill per feature, where a gather per bin (an index load, a
        // value load and a store each) was half of the encoding's time.
        for (int f = 0; f < _edges.Length; f++)
        {
            int start = Unsafe.Add(ref first, f);
            MemoryMarshal.CreateSpan(ref Unsafe.Add(ref values, start), Unsafe.Add(ref first, f + 1) - start).Fill(Unsafe.Add(ref x, f));
        }
        int at = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zero = Vector<float>.Zero;
            var one = Vector<float>.One;
            for (; at <= total - Vector<float>.Count; at += Vector<float>.Count)
            {
                var v = (Vector.LoadUnsafe(ref values, (nuint)at) - Vector.LoadUnsafe(ref lower, (nuint)at)) / Vector.LoadUnsafe(ref width, (nuint)at);
                // Clamp's branches lane by lane: a NaN lane fails both comparisons and stays NaN.
                v = Vector.ConditionalSelect(Vector.LessThan(v, zero), zero, Vector.ConditionalSelect(Vector.GreaterThan(v, one), one, v));
                v.StoreUnsafe(ref values, (nuint)at);
            }
        }
        for (; at < total; at++) Unsafe.Add(ref values, at) = Clamp((Unsafe.Add(ref values, at) - Unsafe.Add(ref lower, at)) / Unsafe.Add(ref width, at));
    }

    /// <summary><see cref="Encode(ReadOnlySpan{float}, Span{float})"/> in double (the gradient check's reference).</summary>
    public void Encode(ReadOnlySpan<float> row, Span<double> destination)
    {
        for (int f = 0; f < _edges.Length; f++)
        {
            var e = _edges[f];
            double x = row[f];
            int at = _firstBin[f];
            for (int t = 1; t < e.Length; t++) destination[at + t - 1] = Math.Clamp((x - e[t - 1]) / ((double)e[t] - e[t - 1]), 0.0, 1.0);
        }
    }

    /// <summary>Into [0, 1]; NaN stays NaN (Math.Clamp's contract too, stated here because it decides NaN scoring).</summary>
    private static float Clamp(float value) => value < 0f ? 0f : value > 1f ? 1f : value;
}
