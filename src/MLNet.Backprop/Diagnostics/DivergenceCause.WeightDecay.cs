namespace MLNet.Backprop.Diagnostics;

internal sealed partial record DivergenceCause
{
    private const string WeightDecayOption = "WeightDecay";

    /// <summary>The share of their initial scale below which the decay's ceiling on the weights explains a stalled run:
    /// 0.1. Measured on 300 rows of Boston housing (AdamW, 32 tanh units, 100 steps; without decay the final training
    /// loss is 0.05 to 0.28 at rates of 1e-4 to 1e-3, against the constant prediction's 1): the runs whose first layer
    /// ended at 0.1 or less of its initial norm ended at 0.66 to 1.0; those at 0.13 to 0.2 at 0.2 to 0.87; those at 0.37
    /// or more (0.01 a step) at 0.09. The harm grows gradually: 0.1 is where the decay alone leaves the run near the
    /// constant prediction.</summary>
    public const double HeldWeightShare = 0.1;

    /// <summary>A decoupled weight decay that, under a rule whose steps are about the learning rate per weight (RMSprop,
    /// Adam, AdamW), holds every weight below a tenth of its initial scale within <paramref name="steps"/> steps, or
    /// null.</summary>
    /// <remarks>
    /// <para>Each step takes η·λ·|w| off a weight (w ← w·(1 − η·λ)) and the adaptive step m̂/(√v̂ + ε) moves it by at most
    /// about η, whatever the gradient's scale. The two balance at |w| = η/(η·λ) = 1/λ: no weight can be held above 1/λ for
    /// long, and after T steps from w₀ none exceeds the ceiling w₀·(1 − η·λ)ᵀ + (1 − (1 − η·λ)ᵀ)/λ (the decayed start plus
    /// every step of η, decayed since). The decay explains the stall when that ceiling is at most
    /// <see cref="HeldWeightShare"/> of the weights' initial scale (their RMS w₀): each layer then passes at most a tenth
    /// of the signal its initialisation assumes, and a higher learning rate does not lift the ceiling 1/λ.</para>
    /// <para>Both terms matter: AdamW's default 0.01 has 1/λ = 100, far above any initial weight, at any rate; 2e4 at
    /// 1e-5 (0.2 a step) holds them at 5e-5 within 20 steps; 1e3 at 1e-5 (0.01 a step) would hold them at 1e-3 too, but
    /// after 100 steps the weights are still at 0.37 of their start, and the stall is the rate's.</para>
    /// <para>The suggestion is AdamW's default, lowered to keep η·λ within
    /// <see cref="DiagnosisContext.LargestSuggestedDecayStep"/> at the run's rate.</para>
    /// </remarks>
    public static DivergenceCause? OfWeightDecay(DiagnosisContext context, long steps)
    {
        double decay = context.WeightDecay, rate = context.LearningRate, w0 = context.InitialWeightRms;
        if (!context.AdaptiveSteps || !(decay > 0) || !(rate > 0) || !(w0 > 0) || steps <= 0) return null;
        double step = rate * decay;
        if (step >= 1) return null; // the options refuse it
        double kept = Math.Pow(1 - step, steps), ceiling = w0 * kept + (1 - kept) / decay;
        if (!(ceiling <= HeldWeightShare * w0)) return null;
        // The rate as the user wrote it (float 0.2 is 0.2000000030): 1e-3 / 0.2 rounds down to 5e-3, not 4e-3.
        double suggested = Math.Min(Defaults.AdamWWeightDecay, DiagnosisMath.Floor1(DiagnosisContext.LargestSuggestedDecayStep / (double)(decimal)context.LearningRate));
        return new(WeightDecayOption, decay,
            $"each step the decoupled decay takes LearningRate × WeightDecay = {rate:G3} × {decay:G3} = {step:G3} off every weight while the " +
            $"{context.Optimizer} step moves it by at most about LearningRate, so no weight stays above 1/WeightDecay = {1 / decay:G3}: over the run's " +
            $"{steps} steps the weights were held to at most {ceiling:G3}, {ceiling / w0:G2} of their initial scale ({w0:G3} RMS), whatever the gradient " +
            "and the learning rate",
            $"set WeightDecay to {suggested:G3} (AdamW's default; values used in practice are 1e-4 to 0.1)", suggested);
    }
}
