using System.Numerics.Tensors;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training.Optimizers;

/// <summary>
/// Base of all update rules. Holds the parameters it updates and the per-parameter state of the rule.
/// </summary>
/// <remarks>
/// <para>One call to <see cref="Step"/> per mini-batch, after the backward pass has filled every
/// <see cref="Parameter.Gradients"/>. The step number <c>t</c> starts at 1 on the first call.</para>
/// <para>Decoupled weight decay (<see cref="WeightDecay"/>, λ) is applied to weight matrices before the rule's own update:
/// <c>w ← w − η·λ·w</c>. It is what AdamW adds to Adam; for other rules it is off (0) unless set.</para>
/// <para>A matrix whose step touched some rows only (<see cref="Parameter.Touched"/>: a sparse input's rows of the first
/// layer, with lazy updates) is updated on those rows only: their values, their state (moments, velocities, sums) and
/// their weight decay, with the same formula and the global step number t; the other rows and their state are left as
/// they are, as PyTorch's <c>SparseAdam</c> and TensorFlow's <c>LazyAdam</c> do.</para>
/// </remarks>
internal abstract partial class Optimizer
{
    /// <summary>Creates an optimizer over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="weightDecay">Decoupled weight decay λ. Applies to weight matrices only.</param>
    protected Optimizer(IReadOnlyList<Parameter> parameters, float weightDecay)
    {
        Parameters = parameters;
        WeightDecay = weightDecay;
    }

    /// <summary>The parameters this optimizer updates, in order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Decoupled weight decay λ applied to weight matrices at each step.</summary>
    public float WeightDecay { get; }

    /// <summary>
    /// Threads an update rule may use to split large parameters (Adam and AdamW do); 1 by default. Updates are
    /// element-wise, so the result is bit-identical for every value.
    /// </summary>
    internal int DegreeOfParallelism { get; set; } = 1;

    /// <summary>Number of steps taken so far (t).</summary>
    public long StepCount { get; private set; }

    /// <summary>The state buffers (the rule's moments, velocities, sums, then the row-wise matrices' row sums), in a fixed
    /// order; empty for plain SGD. A checkpoint saves them with <see cref="StepCount"/> and writes them back in place to resume.</summary>
    internal IReadOnlyList<float[]> State => [.. RuleState, .. RowWiseState];

    /// <summary>The rule's own state buffers, in a fixed order (an empty buffer for a row-wise matrix).</summary>
    private protected virtual IReadOnlyList<float[]> RuleState => [];

    /// <summary>Sets the step count of a resumed run (its <see cref="State"/> is restored in place).</summary>
    internal void ResumeAt(long stepCount) => StepCount = stepCount;

    /// <summary>Applies one update to every parameter from its current gradient.</summary>
    /// <param name="learningRate">η for this step (finite and positive: the trainer's options are checked once, up front).</param>
    public void Step(float learningRate)
    {
        StepCount++;
        PrepareStep(learningRate);
        float keep = WeightDecay > 0f ? 1f - learningRate * WeightDecay : 1f;
        BeginCatchUpStep(keep);
        if (DegreeOfParallelism > 1 && _byParameter.Applies(Parameters)) _byParameter.Run(this, learningRate);
        else
            for (int i = 0; i < Parameters.Count; i++) UpdateParameter(i, learningRate);
        EndCatchUpStep(learningRate, keep);
    }

    private void UpdateParameter(int i, float learningRate)
    {
        Parameter p = Parameters[i];
        if (p.LearningRateFactor != 1f) learningRate *= p.LearningRateFactor;
        if (p.Touched is { All: false } touched)
        {
            _rows.Run(this, i, touched, learningRate);
            return;
        }
        if (IsRowWise(i))
        {
            UpdateEveryRowRowWise(i, learningRate);
            return;
        }
        if (CatchesUp && p.Touched is { } all) CatchUpEveryRow(i, 0, all.RowCount); // a dense step of a caught-up matrix: its skipped steps first
        if (WeightDecay > 0f && p.IsWeightMatrix) ApplyWeightDecay(p.Values, learningRate * WeightDecay);
        Update(i, 0, p.Values, p.Gradients, learningRate);
        MarkEveryRowCurrent(i);
    }

    /// <summary>Rows <paramref name="begin"/> to <paramref name="end"/> − 1 of the touched rows of parameter
    /// <paramref name="i"/>: each row's decay and update, as the whole matrix's would be on those elements.</summary>
    private void UpdateRows(int i, TouchedRows touched, int begin, int end, float learningRate)
    {
        Parameter p = Parameters[i];
        bool decay = WeightDecay > 0f && p.IsWeightMatrix;
        int n = touched.RowWidth;
        var rows = touched.Rows;
        var sums = IsRowWise(i) ? _rowSums[i] : null;
        var squares = touched.RowSquares; // each row's Σ g², when the backward pass gave them
        for (int r = begin; r < end; r++)
        {
            // The rows are scattered over matrices far larger than the caches: ask for one a few rows ahead.
            if (r + RowsAhead < end) Prefetch(i, p, rows[r + RowsAhead], touched.GradientOffset(r + RowsAhead), n);
            CatchUpRow(i, rows[r]);
            int offset = rows[r] * n;
            var values = p.Values.AsSpan(offset, n);
            if (decay) ApplyWeightDecay(values, learningRate * WeightDecay);
            var gradients = p.Gradients.AsSpan(touched.GradientOffset(r), n);
            if (sums is not null)
                UpdateRowWise(values, gradients, squares.IsEmpty ? WideSums.SumOfSquares(gradients) : squares[r], ref sums[rows[r]], learningRate);
            else Update(i, offset, values, gradients, learningRate);
            MarkRowCurrent(i, rows[r]);
        }
    }

    /// <summary>Rows ahead that a lazy update asks the memory system for: 16 (4 before) took the row-wise step on a 2²⁰-row
    /// layer from 1.4–1.5 to 1.1–1.4 ms a 5,000-row step and lazy Adam's from 2.3 to 1.9 ms (docs:
    /// src/docs/articles/sparse-inputs.md, "Memory and speed").</summary>
    private const int RowsAhead = 16;

    /// <summary>Asks for a row of a parameter's values and its gradient (and the rule's state: <see cref="PrefetchState"/>,
    /// or the row's sum of a row-wise matrix, scattered over 4 MB for 2²⁰ rows) before it is updated.</summary>
    private void Prefetch(int index, Parameter p, int row, int gradientOffset, int length)
    {
        int offset = row * length;
        CacheHint.Prefetch(p.Values.AsSpan(offset, length));
        CacheHint.Prefetch(p.Gradients.AsSpan(gradientOffset, length));
        if (IsRowWise(index)) CacheHint.Prefetch(_rowSums[index].AsSpan(row, 1));
        else PrefetchState(index, offset, length);
    }

    /// <summary>Asks for the rule's state of a run of a parameter's values (a hint: nothing changes).</summary>
    protected virtual void PrefetchState(int index, int offset, int length) { }

    private readonly TouchedRowUpdate _rows = new();

    /// <summary>The touched rows of one matrix split into ranges on several threads (each row's update is element-wise,
    /// the same whichever thread runs it).</summary>
    private sealed class TouchedRowUpdate : ParallelWork
    {
        /// <summary>Values below which one thread updates every touched row.</summary>
        private const long MinValues = 1 << 15;

        private Optimizer? _optimizer;
        private TouchedRows? _touched;
        private int _parameter, _parts;
        private float _learningRate;

        public void Run(Optimizer optimizer, int parameter, TouchedRows touched, float learningRate)
        {
            int rows = touched.Rows.Length;
            int parts = optimizer.DegreeOfParallelism > 1 && (long)rows * touched.RowWidth >= MinValues
                ? Math.Min(Math.Min(optimizer.DegreeOfParallelism, Environment.ProcessorCount), rows) : 1;
            if (parts <= 1)
            {
                optimizer.UpdateRows(parameter, touched, 0, rows, learningRate);
                return;
            }
            (_optimizer, _touched, _parameter, _parts, _learningRate) = (optimizer, touched, parameter, parts, learningRate);
            try
            {
                if (!ParallelRunner.TryRun(this, parts)) RunInline(parts);
            }
            finally
            {
                (_optimizer, _touched) = (null, null);
            }
        }

        protected override void RunPart(int part)
        {
            var (begin, end) = PartOf(_touched!.Rows.Length, part, _parts);
            _optimizer!.UpdateRows(_parameter, _touched, begin, end, _learningRate);
        }
    }

    private readonly ByParameter _byParameter = new();

    /// <summary>
    /// A small network's update on several threads: whole parameters side by side (each parameter's update is the same
    /// element-wise computation whichever thread runs it). Large parameters are split into element ranges by the rules
    /// themselves instead (Adam, AdamW).
    /// </summary>
    private sealed class ByParameter : ParallelWork
    {
        /// <summary>Values below which one thread updates everything; above <see cref="MaxValues"/> the rules split.</summary>
        private const long MinValues = 1 << 12, MaxValues = 1 << 16;

        private Optimizer? _optimizer;
        private int[] _largestFirst = [];
        private float _learningRate;

        public bool Applies(IReadOnlyList<Parameter> parameters)
        {
            if (parameters.Count < 2) return false;
            long values = 0;
            foreach (var p in parameters) values += p.Length;
            return values is >= MinValues and < MaxValues;
        }

        public void Run(Optimizer optimizer, float learningRate)
        {
            if (_largestFirst.Length != optimizer.Parameters.Count)
                _largestFirst = Enumerable.Range(0, optimizer.Parameters.Count).OrderByDescending(i => optimizer.Parameters[i].Length).ToArray();
            _optimizer = optimizer;
            _learningRate = learningRate;
            try
            {
                int parts = _largestFirst.Length;
                if (!ParallelRunner.TryRun(this, parts)) RunInline(parts);
            }
            finally
            {
                _optimizer = null;
            }
        }

        protected override void RunPart(int part) => _optimizer!.UpdateParameter(_largestFirst[part], _learningRate);
    }

    /// <summary>Called once at the start of every step, after <see cref="StepCount"/> is incremented: per-step values a
    /// rule computes once (Adam's bias corrections) rather than once per updated run of values.</summary>
    protected virtual void PrepareStep(float learningRate) { }

    /// <summary>Updates a run of one parameter's values in place from their gradients.</summary>
    /// <param name="index">Position of the parameter in <see cref="Parameters"/> (selects its state).</param>
    /// <param name="offset">Position of the run's first value in the parameter (the same position of its state); 0 with
    /// the whole parameter.</param>
    /// <param name="values">The values to update (the whole parameter, or one row of a matrix).</param>
    /// <param name="gradients">The gradients, same length.</param>
    /// <param name="learningRate">η for this step.</param>
    protected abstract void Update(int index, int offset, Span<float> values, ReadOnlySpan<float> gradients, float learningRate);

    // w ← w·(1 − η·λ): one correctly rounded multiply per element, so the vectorised form equals the scalar one.
    private static void ApplyWeightDecay(Span<float> w, float rate)
    {
        float keep = 1f - rate;
        TensorPrimitives.Multiply(w, keep, w);
    }
}
