using MLNet.Backprop.Network;

namespace MLNet.Backprop.Training.Optimizers;

/// <summary>Adam (Kingma &amp; Ba, 2015): bias-corrected moving averages of the gradient and of its square.</summary>
/// <remarks>
/// <para>At step t (1 on the first call), for each element:</para>
/// <code>
/// m ← β1·m + (1 − β1)·g          first moment (mean), starts at 0
/// v ← β2·v + (1 − β2)·g²         second moment (uncentred variance), starts at 0
/// m̂ = m / (1 − β1^t)             bias_correction1 = 1 − β1^t
/// v̂ = v / (1 − β2^t)             bias_correction2 = 1 − β2^t
/// w ← w − η·m̂ / (√v̂ + ε)
/// </code>
/// <para>The bias corrections are per-step scalars: they are computed in double precision from the single-precision β
/// values (<c>1 − Math.Pow(β, t)</c>) and rounded to float once, so they stay accurate for large t. Everything else is
/// single precision: <c>m = (β1·m) + ((1 − β1)·g)</c>, <c>v = (β2·v) + ((1 − β2)·(g·g))</c>, <c>m̂ = m / bias_correction1</c>,
/// <c>v̂ = v / bias_correction2</c>, <c>w = w − (η·m̂) / (√v̂ + ε)</c>, with <c>1 − β</c> rounded once, in vector lanes and
/// the scalar tail alike.</para>
/// <para>A weight decay given here is the base class's decoupled decay, so <c>Adam</c> with λ &gt; 0 updates exactly like
/// <see cref="AdamW"/> with the same λ; <see cref="AdamW"/> exists to make decay the default (λ = 0.01).</para>
/// <para>Reference: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, arXiv:1412.6980.</para>
/// </remarks>
internal class Adam : Optimizer
{
    private readonly AdamMoments _moments;

    /// <summary>Creates Adam over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update; at least one.</param>
    /// <param name="beta1">Decay rate β1 of the first moment, in [0, 1). Default 0.9.</param>
    /// <param name="beta2">Decay rate β2 of the second moment, in [0, 1). Default 0.999.</param>
    /// <param name="epsilon">Denominator term ε; finite and &gt; 0. Default 1e-8.</param>
    /// <param name="weightDecay">Decoupled weight decay λ on weight matrices; finite and ≥ 0. Default 0 (plain Adam).</param>
    public Adam(
        IReadOnlyList<Parameter> parameters,
        float beta1 = Defaults.Beta1,
        float beta2 = Defaults.Beta2,
        float epsilon = Defaults.Epsilon,
        float weightDecay = 0f)
        : base(parameters, weightDecay)
    {
        _moments = new AdamMoments(parameters, beta1, beta2, epsilon);
    }

    /// <summary>Decay rate β1 of the first moment.</summary>
    public float Beta1 => _moments.Beta1;

    /// <summary>Decay rate β2 of the second moment.</summary>
    public float Beta2 => _moments.Beta2;

    /// <summary>Denominator term ε.</summary>
    public float Epsilon => _moments.Epsilon;

    /// <summary>The first moment <c>m</c> of the parameter at <paramref name="index"/>.</summary>
    internal ReadOnlySpan<float> FirstMoment(int index) => _moments.FirstMoment(index);

    /// <summary>The second moment <c>v</c> of the parameter at <paramref name="index"/>.</summary>
    internal ReadOnlySpan<float> SecondMoment(int index) => _moments.SecondMoment(index);

    private protected override IReadOnlyList<float[]> RuleState => _moments.State;

    /// <summary>On a zero gradient m decays by β1 and v by β2 per step, so step s = t0 + j after the last real step t0
    /// moves the values by −c_j·m/(√v + ε·e_j), with c_j = η_s·(√(1 − β2^s)/(1 − β1^s))·(β1/√β2)^j and
    /// e_j = √(1 − β2^s)/β2^(j/2) (m, v as after t0).</summary>
    protected override double? ZeroGradientRatio => Beta1 / Math.Sqrt(Beta2);

    /// <inheritdoc/>
    protected override double ZeroGradientFactor(float learningRate, long t) => _moments.ZeroGradientFactor(learningRate, t);

    /// <summary>The ε weights' ratio: c_j·e_j = η_s·(1 − β2^s)/(1 − β1^s)·(β1/β2)^j.</summary>
    protected override double? EpsilonWeightRatio => Beta1 / (double)Beta2;

    /// <inheritdoc/>
    protected override double EpsilonWeightFactor(float learningRate, long t) => _moments.EpsilonWeightFactor(learningRate, t);

    /// <summary>Σ_j c_j·m/(√v + ε·e_j) is not a scalar times a function of m and v; it is taken as U·m/(√v + ε') with
    /// U = Σ c_j (<paramref name="move"/>) and ε' = ε·Σ c_j·e_j / U, which has the exact sum's value and slope in ε
    /// (first order; the next term is (ε/√v)² times the relative spread of e_j, below 1e-5 of the move for √v ≥ 10ε).
    /// An element with √v &lt; 10ε (and m ≠ 0: a near-zero gradient) gets the sum itself, term by term over the first
    /// <see cref="SkippedSteps.Window"/> skipped steps. With a weight decay the sums are weighted by the decay after each step.</summary>
    protected override void SkipSteps(int index, int offset, Span<float> values, float keep, float move, double epsilonMove, long from, long steps)
    {
        float epsilon = move > 0f ? (float)(Epsilon * epsilonMove / move) : Epsilon;
        float below = 10f * Epsilon;
        if (!_moments.AnyBelow(index, offset, values.Length, below * below))
        {
            _moments.Skip(index, offset, values, keep, move, epsilon, steps);
            return;
        }
        // The terms of the exact sum, per skipped step j: c_j (with the decay after it) and ε·e_j.
        SkippedSteps skipped = Skipped!, weights = EpsilonWeights!;
        int terms = (int)Math.Min(steps, skipped.Window);
        var c = _terms ??= new double[2 * (SkippedSteps.MaxWindow + 1)];
        double ratio = Beta1 / Math.Sqrt(Beta2), ratioPower = 1, beta2Root = 1 / Math.Sqrt(Beta2), beta2Power = 1;
        for (int j = 1; j <= terms; j++)
        {
            long s = from + j;
            ratioPower *= ratio;
            beta2Power *= beta2Root;
            // a_s and a_s·√(1 − β2^s) are the two tables' factors of step s: their ratio is the bias correction's root.
            double factor = skipped.Factor(s);
            c[2 * j] = factor * ratioPower * (WeightDecay > 0f ? skipped.KeepAfter(s) : 1);
            c[2 * j + 1] = Epsilon * (weights.Factor(s) / factor) * beta2Power;
        }
        _moments.SkipExactlyBelow(index, offset, values, keep, move, epsilon, steps, below * below, c.AsSpan(2, 2 * terms));
    }

    [ThreadStatic] private static double[]? _terms;

    /// <inheritdoc/>
    protected override void PrepareStep(float learningRate) => _moments.Prepare(learningRate, StepCount);

    /// <inheritdoc/>
    protected override void PrefetchState(int index, int offset, int length) => _moments.Prefetch(index, offset, length);

    /// <inheritdoc/>
    protected override void Update(int index, int offset, Span<float> values, ReadOnlySpan<float> gradients, float learningRate) =>
        _moments.Update(index, offset, values, gradients, learningRate, StepCount, DegreeOfParallelism);
}
