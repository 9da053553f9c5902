using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Network.Losses;

// The batch evaluation on several threads: each thread writes its rows' weighted losses w·(Σⱼ lᵢⱼ / outputs) and gradient
// rows, the calling thread then adds the row losses in increasing row order, so the batch loss has the bits of the
// one-thread loop (the same double operations in the same order), only the exponentials and logarithms run side by side.
internal sealed partial class BinaryCrossEntropy
{
    /// <summary>Rows below which one thread is quicker than a hand-off (~30 ns per row).</summary>
    private const int MinParallelRows = 128;

    private double[] _rowLosses = [];
    private readonly RowParts _parts = new();

    /// <summary>Threads the batch evaluation may use; the result does not depend on it.</summary>
    public int Threads { get; init; } = 1;

    private unsafe double EvaluateInParts(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights,
        Span<float> gradient, int batch, int outputs, double totalWeight)
    {
        if (_rowLosses.Length < batch) _rowLosses = new double[batch];
        int parts = Math.Min(Threads, Environment.ProcessorCount);
        fixed (float* z = logits, y = targets, w = weights, g = gradient)
        fixed (double* rows = _rowLosses)
        {
            _parts.Set(z, y, w, g, rows, batch, outputs, totalWeight, parts);
            try
            {
                if (!ParallelRunner.TryRun(_parts, parts)) _parts.RunInline(parts);
            }
            finally
            {
                _parts.Set(null, null, null, null, null, 0, 0, 0, 0);
            }
        }
        double sum = 0;
        for (int i = 0; i < batch; i++) sum += _rowLosses[i];
        return sum / totalWeight;
    }

    /// <summary>Disjoint row ranges of one batch: the loop of <c>Evaluate</c> with the row loss stored, not added.</summary>
    private sealed unsafe class RowParts : ParallelWork
    {
        private float* _z, _y, _w, _g;
        private double* _rows;
        private int _batch, _outputs, _parts;
        private double _totalWeight;

        public void Set(float* z, float* y, float* w, float* g, double* rows, int batch, int outputs, double totalWeight, int parts)
        {
            _z = z;
            _y = y;
            _w = w;
            _g = g;
            _rows = rows;
            _batch = batch;
            _outputs = outputs;
            _totalWeight = totalWeight;
            _parts = parts;
        }

        protected override void RunPart(int part)
        {
            var (begin, end) = PartOf(_batch, part, _parts);
            int outputs = _outputs;
            for (int i = begin, offset = begin * outputs; i < end; i++, offset += outputs)
            {
                float w = _w is null ? 1f : _w[i];
                double row = 0;
                for (int j = offset; j < offset + outputs; j++)
                {
                    double z = _z[j];
                    row += ScalarMath.Softplus(z) - _y[j] * z;
                }
                _rows[i] = w * (row / outputs);
                if (_g is not null)
                {
                    float scale = (float)(w / _totalWeight) / outputs;
                    for (int j = offset; j < offset + outputs; j++) _g[j] = scale * ScalarMath.SigmoidMinus(_z[j], _y[j]);
                }
            }
        }
    }
}
