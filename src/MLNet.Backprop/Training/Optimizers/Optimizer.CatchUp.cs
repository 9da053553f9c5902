using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training.Optimizers;

// Catch-up of skipped steps (SparseUpdates.CatchUp): the matrices whose steps list the rows they touch
// (Parameter.Touched) keep, per row, the step it was last brought up to date; a row is brought up to the current step
// in closed form (SkippedSteps) when a forward pass is about to read it (IReadRowsListener.Read), before the step that
// touches it updates it as usual, and for every row before anything reads the whole matrix (CatchUpAll). With a zero
// gradient on the skipped steps (no L2 term: the trainer checks) the result is the every-row steps', up to rounding
// (Adam's ε: see Adam.SkipSteps).
internal abstract partial class Optimizer : IReadRowsListener
{
    private SkippedSteps? _skipped, _epsilonWeights;
    private long[]?[] _lastStep = [];

    /// <summary>The closed form's tables (null without catch-up).</summary>
    private protected SkippedSteps? Skipped => _skipped;

    /// <summary>The tables of <see cref="EpsilonWeightRatio"/> (null without catch-up or without that ratio).</summary>
    private protected SkippedSteps? EpsilonWeights => _epsilonWeights;

    /// <summary>Whether the skipped steps of listed rows are caught up (<see cref="UseCatchUp"/> succeeded).</summary>
    internal bool CatchesUp => _skipped is not null;

    /// <summary>Starts catching up the skipped steps of every matrix that lists its touched rows; false (nothing changes)
    /// when the rule has no closed form for steps on a zero gradient, or its ratio is too close to 1
    /// (<see cref="SkippedSteps.MaxWindow"/>). Call before the first step.</summary>
    internal bool UseCatchUp()
    {
        if (ZeroGradientRatio is not double ratio || SkippedSteps.For(ratio) is not { } skipped) return false;
        SkippedSteps? epsilonWeights = null;
        if (EpsilonWeightRatio is double epsilonRatio && (epsilonWeights = SkippedSteps.For(epsilonRatio)) is null) return false;
        if (StepCount != 0) throw new InvalidOperationException("Catch-up starts before the first step.");
        _skipped = skipped;
        _epsilonWeights = epsilonWeights;
        _lastStep = Parameters.Select(p => p.Touched is { } t ? new long[t.RowCount] : null).ToArray();
        return true;
    }

    /// <summary>r of the rule's step on a zero gradient (see <see cref="SkippedSteps"/>), or null when it has no closed form.</summary>
    protected virtual double? ZeroGradientRatio => null;

    /// <summary>a_t of the rule's step t on a zero gradient with learning rate η (see <see cref="SkippedSteps"/>); 0 when
    /// such a step does not move the values.</summary>
    protected virtual double ZeroGradientFactor(float learningRate, long t) => 0;

    /// <summary>A second ratio whose sums the rule needs (Adam's ε weights), or null.</summary>
    protected virtual double? EpsilonWeightRatio => null;

    /// <summary>The per-step factor of the sums of <see cref="EpsilonWeightRatio"/>.</summary>
    protected virtual double EpsilonWeightFactor(float learningRate, long t) => 0;

    /// <summary>Applies <paramref name="steps"/> skipped steps to a run of a parameter's values and their state, as steps
    /// on a zero gradient: w ← <paramref name="keep"/>·w − <paramref name="move"/>·q, then the state as after that many
    /// such steps; <paramref name="epsilonMove"/> is the sum of <see cref="EpsilonWeightRatio"/> over the same steps (0
    /// without one). This default suits a rule without state, or whose state a zero gradient leaves as it is.</summary>
    protected virtual void SkipSteps(int index, int offset, Span<float> values, float keep, float move, double epsilonMove, long from, long steps)
    {
        if (keep != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(values, keep, values);
    }

    /// <summary>Brings the listed rows of a matrix up to the current step (the rows a forward pass is about to read).</summary>
    void IReadRowsListener.Read(Parameter matrix, ReadOnlySpan<int> rows, int firstRow)
    {
        if (_skipped is null) return;
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (!ReferenceEquals(Parameters[i], matrix) || _lastStep[i] is null) continue;
            // The rows are scattered over the values and the rule's state, far larger than the caches for a text layer:
            // ask for them a few entries ahead (the forward pass reads the values next, the step updates all three).
            var p = Parameters[i];
            int n = p.Touched!.RowWidth;
            for (int k = 0; k < rows.Length; k++)
            {
                if (k + RowsAhead < rows.Length)
                {
                    int offset = (firstRow + rows[k + RowsAhead]) * n;
                    CacheHint.Prefetch(p.Values.AsSpan(offset, n));
                    PrefetchState(i, offset, n);
                }
                CatchUpRow(i, firstRow + rows[k]);
            }
            return;
        }
    }

    /// <summary>Brings every row of every caught-up matrix up to the current step: before the weights are read as a whole
    /// (statistics, validation, snapshots, the end of training).</summary>
    internal void CatchUpAll()
    {
        if (_skipped is null) return;
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (_lastStep[i] is null) continue;
            int rows = Parameters[i].Touched!.RowCount;
            _everyRow.Run(this, i, rows);
        }
    }

    /// <summary>A step whose weight decay factor is not positive (η·λ ≥ 1) has no logarithm to sum: it is taken on every
    /// row, so that no row's skipped steps span it.</summary>
    private void BeginCatchUpStep(float keep)
    {
        if (_skipped is null || keep > 0f) return;
        foreach (var p in Parameters) p.Touched?.MarkAll();
    }

    private void EndCatchUpStep(float learningRate, float keep)
    {
        _skipped?.Advance(ZeroGradientFactor(learningRate, StepCount), keep);
        _epsilonWeights?.Advance(EpsilonWeightFactor(learningRate, StepCount), keep);
    }

    /// <summary>Brings a row up to the last completed step (<see cref="SkippedSteps.Step"/>).</summary>
    private void CatchUpRow(int i, int row)
    {
        if (_lastStep.Length == 0 || _lastStep[i] is not { } last) return;
        long from = last[row], to = _skipped!.Step;
        if (from >= to) return;
        var (keep, move) = _skipped.Since(from);
        int n = Parameters[i].Touched!.RowWidth, offset = row * n;
        double epsilonMove = _epsilonWeights is null ? 0 : _epsilonWeights.Since(from).Move;
        SkipSteps(i, offset, Parameters[i].Values.AsSpan(offset, n), (float)keep, (float)move, epsilonMove, from, to - from);
        last[row] = to;
    }

    private void CatchUpEveryRow(int i, int begin, int end)
    {
        for (int row = begin; row < end; row++) CatchUpRow(i, row);
    }

    private void MarkRowCurrent(int i, int row)
    {
        if (_lastStep.Length != 0 && _lastStep[i] is { } last) last[row] = StepCount;
    }

    private void MarkEveryRowCurrent(int i)
    {
        if (_lastStep.Length != 0 && _lastStep[i] is { } last) Array.Fill(last, StepCount);
    }

    private readonly EveryRowCatchUp _everyRow = new();

    /// <summary>A matrix's rows caught up in ranges on several threads (each row's catch-up is element-wise, the same
    /// whichever thread runs it).</summary>
    private sealed class EveryRowCatchUp : ParallelWork
    {
        private const int MinRowsPerPart = 1 << 10;

        private Optimizer? _optimizer;
        private int _parameter, _rows, _parts;

        public void Run(Optimizer optimizer, int parameter, int rows)
        {
            int parts = Math.Min(Math.Min(optimizer.DegreeOfParallelism, Environment.ProcessorCount), rows / MinRowsPerPart);
            if (parts <= 1)
            {
                optimizer.CatchUpEveryRow(parameter, 0, rows);
                return;
            }
            (_optimizer, _parameter, _rows, _parts) = (optimizer, parameter, rows, parts);
            try
            {
                if (!ParallelRunner.TryRun(this, parts)) RunInline(parts);
            }
            finally
            {
                _optimizer = null;
            }
        }

        protected override void RunPart(int part)
        {
            var (begin, end) = PartOf(_rows, part, _parts);
            _optimizer!.CatchUpEveryRow(_parameter, begin, end);
        }
    }
}
