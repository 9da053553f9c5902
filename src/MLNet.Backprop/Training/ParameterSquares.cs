using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

/// <summary>
/// Σ g² of every parameter's gradients (the per-layer and global gradient norms), each parameter summed whole by one
/// thread: with several threads, different parameters are summed at once, so every sum is the same computation on the
/// same values as on one thread, and the bits do not depend on the thread count. A matrix with touched rows
/// (<see cref="Parameter.Touched"/>) sums those rows only, the others being zero.
/// </summary>
internal sealed class ParameterSquares : ParallelWork
{
    /// <summary>Gradients below which one thread sums them all (a hand-off costs more than summing 64 k floats).</summary>
    private const int MinParallelLength = 1 << 16;

    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly int[] _largestFirst; // the order parts are claimed in: big ones first balances the threads
    private readonly float[] _squares;
    private readonly long _length;

    public ParameterSquares(IReadOnlyList<Parameter> parameters)
    {
        _parameters = parameters;
        _squares = new float[parameters.Count];
        _largestFirst = Enumerable.Range(0, parameters.Count).OrderByDescending(i => parameters[i].Length).ToArray();
        _length = parameters.Sum(p => (long)p.Length);
    }

    /// <summary>Σ g² of parameter <paramref name="index"/> (in the network's parameter order) at the last <see cref="Compute"/>.</summary>
    public float this[int index] => _squares[index];

    public void Compute(int threads)
    {
        int parts = _parameters.Count;
        if (threads > 1 && _length >= MinParallelLength && ParallelRunner.TryRun(this, parts)) return;
        for (int i = 0; i < parts; i++) RunPart(i);
    }

    protected override void RunPart(int part)
    {
        int index = _largestFirst[part];
        var p = _parameters[index];
        _squares[index] = p.Touched is { All: false } touched ? TouchedSquares(p.Gradients, touched) : WideSums.SumOfSquares(p.Gradients);
    }

    // The other rows are zero: each touched row's Σ g², added in the rows' listed order in double.
    private static float TouchedSquares(float[] gradients, TouchedRows touched)
    {
        double sum = 0;
        if (touched.SquaresKnown)
        {
            // The backward pass summed each row's squares as it wrote the row: the same floats, added in the same order.
            foreach (float rowSquares in touched.RowSquares) sum += rowSquares;
            return (float)sum;
        }
        int n = touched.RowWidth;
        var rows = touched.Rows;
        for (int r = 0; r < rows.Length; r++)
        {
            if (r + 8 < rows.Length) CacheHint.Prefetch(gradients.AsSpan(touched.GradientOffset(r + 8), n));
            sum += WideSums.SumOfSquares(gradients.AsSpan(touched.GradientOffset(r), n));
        }
        return (float)sum;
    }
}
