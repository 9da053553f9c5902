namespace MLNet.Backprop.Diagnostics;

/// <summary>An option whose value alone explains a divergence (or a loss that rises or never falls), so that the advice
/// names it instead of the learning rate: what it does to the run (<paramref name="Why"/>), what to set
/// (<paramref name="Advice"/>) and the value to set it to (<paramref name="Suggested"/>, in the evidence as
/// "Suggested" + the option's name).</summary>
internal sealed partial record DivergenceCause(string Option, double Value, string Why, string Advice, double Suggested)
{
    /// <summary>The L2 penalty suggested in place of one that explains a failed run: inside the typical 1e-5 to 1e-2,
    /// the value the overfitting advice names too.</summary>
    private const double TypicalL2 = 1e-4;

    /// <summary>√float.MaxValue ≈ 1.8e19: a gradient whose norm is beyond it has a square that float cannot hold (each
    /// parameter's Σ g² is a float sum), so the gradient norm overflows on the first step.</summary>
    private static readonly double LargestSquarableNorm = Math.Sqrt(float.MaxValue);

    /// <summary>The option that explains a divergence at <paramref name="learningRate"/> in the run described by
    /// <paramref name="context"/>, or null when none does (the usual causes: the learning rate, the inputs' scales).</summary>
    /// <remarks>
    /// <para>L2 adds λ·w to each weight's gradient. Under the SGD rules that term alone is a linear map of the weights:
    /// SGD's step multiplies them by 1 − η·λ, which grows them when η·λ &gt; 2; heavy-ball momentum μ (v ← μ·v + g,
    /// w ← w − η·v) is stable on it only for η·λ &lt; 2(1 + μ), and Nesterov's form (w ← w − η·(g + μ·v)) only for
    /// η·λ &lt; 2(1 + μ)/(1 + 2μ) (the roots of the 2×2 update's characteristic polynomial). Adagrad, RMSprop and Adam
    /// divide each step by the gradient's own scale, so no λ makes their steps overshoot.</para>
    /// <para>Under every rule, λ·‖W‖ beyond √float.MaxValue for a layer's initial weights is a gradient whose norm
    /// overflows on the first step, whatever the data.</para>
    /// <para>ELU's negative side reaches −α and its slope just below 0 is α: each ELU layer hands the next one values and
    /// gradients up to α times the unit scale its initialisation assumes. Beyond
    /// <see cref="DiagnosisThresholds.ScaleMagnitude"/> (the scale at which the diagnosis calls inputs unnormalised) α
    /// is named first.</para>
    /// </remarks>
    public static DivergenceCause? Of(DiagnosisContext context, float learningRate)
    {
        double l2 = context.L2Regularization;
        if (l2 > 0 && StepBound(context.Optimizer, context.Momentum) is { } bound && learningRate * l2 >= bound.Value)
            return new("L2Regularization", l2,
                $"L2Regularization × LearningRate = {l2:G3} × {learningRate:G3} = {learningRate * l2:G3} is at least {bound.Value:G3}: {bound.Form}, so " +
                "the L2 term alone grows the weights every step",
                $"set L2Regularization below {bound.Value / learningRate:G3}, e.g. to {Math.Min(TypicalL2, bound.Value / learningRate / 10):G3} (typical values are 1e-5 to 1e-2)",
                Math.Min(TypicalL2, bound.Value / learningRate / 10));
        if (l2 > 0 && l2 * context.LargestInitialLayerWeightNorm >= LargestSquarableNorm)
            return new("L2Regularization", l2,
                $"the L2 term alone, L2Regularization × ‖W‖ = {l2:G3} × {context.LargestInitialLayerWeightNorm:G3} for a layer's initial weights, is a " +
                $"gradient beyond {LargestSquarableNorm:G3}, whose squared norm overflows float on the first step",
                $"set L2Regularization below {LargestSquarableNorm / context.LargestInitialLayerWeightNorm:G3}, e.g. to {TypicalL2:G3} (typical values are 1e-5 to 1e-2)",
                TypicalL2);
        if (context.EluAlpha is float alpha && alpha > context.Thresholds.ScaleMagnitude)
            return new("EluAlpha", alpha,
                $"ELU's negative outputs reach −EluAlpha = −{alpha:G3} and its slope just below 0 is EluAlpha: each ELU layer hands the next values and " +
                $"gradients up to {alpha:G3} times the unit scale its initialisation assumes (inputs beyond {context.Thresholds.ScaleMagnitude:G3} count " +
                "as unnormalised)",
                "set EluAlpha to 1 (the default; values used in practice are near 1)", 1);
        return null;
    }

    /// <summary>The option that explains a run whose loss never fell below the constant prediction's (or that learns
    /// slowly, or whose early layers receive no gradient) after <paramref name="steps"/> steps, or null: one that explains
    /// a divergence at the run's learning rate (<see cref="Of"/>), else an L2 penalty that, at the initial weights,
    /// already exceeds the loss of predicting the average label, so the weights are held near 0 whatever the learning
    /// rate, else a decoupled weight decay that holds them near 0 under an adaptive rule (<see cref="OfWeightDecay"/>).</summary>
    public static DivergenceCause? OfStalledRun(DiagnosisContext context, long steps) =>
        Of(context, context.LearningRate) ?? OfL2Penalty(context) ?? OfWeightDecay(context, steps);

    private static DivergenceCause? OfL2Penalty(DiagnosisContext context)
    {
        double l2 = context.L2Regularization, norm = context.InitialWeightNorm;
        if (!(l2 > 0) || context.ConstantPredictionLoss is not double baseline || !(baseline > 0)) return null;
        double penalty = l2 / 2 * norm * norm;
        if (!(penalty >= baseline)) return null;
        return new("L2Regularization", l2,
            $"the L2 penalty of the initial weights, L2Regularization/2 × ‖W‖² = {l2:G3}/2 × {norm * norm:G3} = {penalty:G3}, already exceeds the " +
            $"loss of predicting the average label ({baseline:G4}), so the penalty holds the weights near 0 whatever the learning rate",
            $"set L2Regularization to {TypicalL2:G3} (typical values are 1e-5 to 1e-2)", TypicalL2);
    }

    /// <summary>The context as it is once this cause's advice is followed: for a weight decay, the suggested one (so that
    /// advice after it, e.g. a raised learning rate, is judged at that decay, not at the one that explains the run).</summary>
    public DiagnosisContext Followed(DiagnosisContext context) =>
        Option == WeightDecayOption ? context.WithWeightDecay((float)Suggested) : context;

    /// <summary>A finding's message and advice with this cause named first: "message; cause" and "cause's advice; if
    /// <paramref name="stillWhat"/>, advice" (the evidence gains the option's value and its suggested one).</summary>
    public (string Message, string Advice) Explain(string message, string advice, string stillWhat, IDictionary<string, double> evidence)
    {
        evidence[Option] = Value;
        evidence["Suggested" + Option] = Suggested;
        return ($"{message}; {this}", $"{Advice}; if {stillWhat}, {advice}");
    }

    /// <summary>The η·λ from which the L2 term alone makes an SGD rule's weights grow, with the rule's update on it; null
    /// for the adaptive rules.</summary>
    private static (double Value, string Form)? StepBound(OptimizerKind optimizer, double momentum) => optimizer switch
    {
        OptimizerKind.Sgd => (2, "each SGD step multiplies the weights by 1 − LearningRate × L2Regularization, at most −1 from 2 on"),
        OptimizerKind.Momentum => (2 * (1 + momentum),
            $"momentum SGD is stable on the L2 term only below 2(1 + Momentum) = {2 * (1 + momentum):G3}"),
        OptimizerKind.Nesterov => (2 * (1 + momentum) / (1 + 2 * momentum),
            $"Nesterov momentum is stable on the L2 term only below 2(1 + Momentum)/(1 + 2·Momentum) = {2 * (1 + momentum) / (1 + 2 * momentum):G3}"),
        _ => null,
    };

    /// <summary>"EluAlpha = 1E+30 explains it: ..., so ...; set ...".</summary>
    public override string ToString() => $"{Option} = {Value:G3} explains it: {Why}";
}
