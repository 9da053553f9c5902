using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network;

/// <summary>
/// The ReLU layer passes on several threads, with the bits of one: forward in disjoint row ranges (every element is
/// computed alone), backward in disjoint column ranges (each column's derivative and bias-gradient sum, in increasing row
/// order, stays on one thread). Only for ReLU, whose kernels give every element the same operations wherever it sits;
/// activations evaluated through library calls whose vector and scalar paths differ are not split.
/// </summary>
internal sealed unsafe class ParallelRelu : ParallelWork
{
    /// <summary>Values below which one thread is quicker than a hand-off (~2 µs of work).</summary>
    private const int MinValues = 1 << 14;

    [ThreadStatic] private static ParallelRelu? _current;

    private float* _z, _a, _bias, _delta, _biasGradient;
    private int _rows, _n, _parts;
    private bool _forward;

    /// <summary>z += bias, a = max(z, 0) on <paramref name="threads"/> threads; false (nothing done) when too small.</summary>
    public static bool Forward(Span<float> z, ReadOnlySpan<float> bias, Span<float> a, int rows, int n, int threads)
    {
        if (threads < 2 || (long)rows * n < MinValues || rows < 2) return false;
        fixed (float* pz = z, pa = a, pb = bias)
        {
            var job = _current ??= new ParallelRelu();
            job.Set(pz, pa, pb, null, null, rows, n, Math.Min(threads, rows), forward: true);
            return job.Run();
        }
    }

    /// <summary>delta = delta·[a &gt; 0] and the bias gradient on <paramref name="threads"/> threads; false when too small.</summary>
    public static bool Backward(ReadOnlySpan<float> a, Span<float> delta, Span<float> biasGradient, int rows, int n, int threads)
    {
        int lanes = (n + 15) / 16; // columns go in whole 16-float lanes
        if (threads < 2 || (long)rows * n < MinValues || lanes < 2) return false;
        fixed (float* pa = a, pd = delta, pg = biasGradient)
        {
            var job = _current ??= new ParallelRelu();
            job.Set(null, pa, null, pd, pg, rows, n, Math.Min(threads, lanes), forward: false);
            return job.Run();
        }
    }

    private void Set(float* z, float* a, float* bias, float* delta, float* biasGradient, int rows, int n, int parts, bool forward)
    {
        _z = z;
        _a = a;
        _bias = bias;
        _delta = delta;
        _biasGradient = biasGradient;
        _rows = rows;
        _n = n;
        _parts = parts;
        _forward = forward;
    }

    private bool Run()
    {
        try
        {
            if (!ParallelRunner.TryRun(this, _parts)) RunInline(_parts);
            return true;
        }
        finally
        {
            Set(null, null, null, null, null, 0, 0, 0, false);
        }
    }

    protected override void RunPart(int part)
    {
        int n = _n;
        if (_forward)
        {
            var (r0, r1) = PartOf(_rows, part, _parts);
            int count = (r1 - r0) * n;
            ReluForward.Forward(new Span<float>(_z + (nint)r0 * n, count), new ReadOnlySpan<float>(_bias, n), new Span<float>(_a + (nint)r0 * n, count), r1 - r0, n);
        }
        else
        {
            int lanes = (n + 15) / 16;
            int j0 = Math.Min(n, lanes * part / _parts * 16), j1 = Math.Min(n, lanes * (part + 1) / _parts * 16);
            long size = (long)_rows * n;
            ReluFunction.BackwardColumns(new ReadOnlySpan<float>(_a, (int)size), new Span<float>(_delta, (int)size), new Span<float>(_biasGradient, n),
                _rows, n, j0, j1);
        }
    }

    private static readonly ReluFunction ReluForward = new();
}
