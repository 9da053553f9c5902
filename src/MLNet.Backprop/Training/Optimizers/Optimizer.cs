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
/// </remarks>
internal abstract class Optimizer
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

    /// <summary>The rule's state buffers (moments, velocities, sums), in a fixed order; empty for plain SGD. A checkpoint
    /// saves them with <see cref="StepCount"/> and writes them back in place to resume.</summary>
    internal virtual IReadOnlyList<float[]> State => [];

    /// <summary>Sets the step count of a resumed run (its <see cref="State"/> is restored in place).</summary>
    internal void ResumeAt(long stepCount) => StepCount = stepCount;

    /// <summary>Applies one update to every parameter from its current gradient.</summary>
    /// <param name="learningRate">η for this step (finite and positive: the trainer's options are checked once, up front).</param>
    public void Step(float learningRate)
    {
        StepCount++;
        if (DegreeOfParallelism > 1 && _byParameter.Applies(Parameters))
        {
            _byParameter.Run(this, learningRate);
            return;
        }
        for (int i = 0; i < Parameters.Count; i++) UpdateParameter(i, learningRate);
    }

    private void UpdateParameter(int i, float learningRate)
    {
        Parameter p = Parameters[i];
        if (WeightDecay > 0f && p.IsWeightMatrix) ApplyWeightDecay(p.Values, learningRate * WeightDecay);
        Update(i, p.Values, p.Gradients, learningRate);
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

    /// <summary>Updates one parameter's values in place from its gradients.</summary>
    /// <param name="index">Position of the parameter in <see cref="Parameters"/> (selects its state).</param>
    /// <param name="values">The values to update.</param>
    /// <param name="gradients">The gradients, same length.</param>
    /// <param name="learningRate">η for this step.</param>
    protected abstract void Update(int index, Span<float> values, ReadOnlySpan<float> gradients, float learningRate);

    // w ← w·(1 − η·λ): one correctly rounded multiply per element, so the vectorised form equals the scalar one.
    private static void ApplyWeightDecay(Span<float> w, float rate)
    {
        float keep = 1f - rate;
        TensorPrimitives.Multiply(w, keep, w);
    }
}
