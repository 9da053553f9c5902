using Microsoft.ML;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>A divergence that an option's value alone explains names that option, not the learning rate.</summary>
public class DivergenceCauseTests
{
    private static TrainingDivergedException Diverge(Action<BackpropTrainer.Options> set)
    {
        var ml = new MLContext(seed: 1);
        var options = new BackpropTrainer.Options { NumberOfEpochs = 3, Seed = 1 };
        set(options);
        return Should.Throw<TrainingDivergedException>(() => ml.BinaryClassification.Trainers.Backprop(options).Fit(Tabular.Load(ml, 400, 1)));
    }

    [Fact]
    public void Fit_HugeL2WithAdam_DivergenceNamesL2Regularization()
    {
        var ex = Diverge(o => o.L2Regularization = 1e30f);

        ex.Message.ShouldContain("L2Regularization = 1E+30 explains it");
        ex.Message.ShouldContain("set L2Regularization below");
        var finding = ex.Diagnosis.Findings[0];
        finding.Kind.ShouldBe(FindingKind.Divergence);
        finding.Advice.ShouldStartWith("set L2Regularization below");
        finding.Evidence["L2Regularization"].ShouldBe(1e30f);
    }

    [Fact]
    public void Fit_DivergesUnderAdam_NeitherMessageNorAdviceSaysUseAdam()
    {
        var ex = Diverge(o => o.L2Regularization = 1e30f); // the default optimizer, Adam

        ex.Message.ShouldContain("Try a learning rate 10× lower, gradient clipping (GradientClipNorm = 1), or normalising the features");
        ex.Message.ShouldNotContain("Adam/RMSprop");
        ex.Diagnosis.Findings.ShouldAllBe(f => !f.Advice.Contains("Adam"), ex.Diagnosis.ToString());
    }

    [Fact]
    public void Fit_HugeEluAlpha_DivergenceNamesEluAlpha()
    {
        var ex = Diverge(o => { o.Activation = Activation.ELU; o.EluAlpha = 1e30f; });

        ex.Message.ShouldContain("EluAlpha = 1E+30 explains it");
        ex.Diagnosis.Findings[0].Advice.ShouldStartWith("set EluAlpha to 1");
        ex.Diagnosis.Findings[0].Evidence["EluAlpha"].ShouldBe(1e30f);
    }

    private static DiagnosisContext Context(OptimizerKind optimizer, float l2, float momentum = 0.9f, double layerNorm = 1, float? eluAlpha = null) => new()
    {
        Activations = [], ParameterCounts = [], Optimizer = optimizer, Momentum = momentum, L2Regularization = l2,
        LargestInitialLayerWeightNorm = layerNorm, EluAlpha = eluAlpha,
    };

    /// <summary>The η·λ from which the L2 term alone is unstable under each SGD rule (μ = 0.9).</summary>
    public static TheoryData<OptimizerKind, double> SgdBounds() => new()
    {
        { OptimizerKind.Sgd, 2 }, { OptimizerKind.Momentum, 2 * 1.9 }, { OptimizerKind.Nesterov, 2 * 1.9 / 2.8 },
    };

    [Theory]
    [MemberData(nameof(SgdBounds))]
    public void Of_L2AcrossTheSgdRulesStabilityBound_NamesL2RegularizationBeyondItOnly(OptimizerKind optimizer, double bound)
    {
        const float rate = 0.01f;
        DivergenceCause.Of(Context(optimizer, (float)(0.99 * bound / rate)), rate).ShouldBeNull();
        var cause = DivergenceCause.Of(Context(optimizer, (float)(1.01 * bound / rate)), rate).ShouldNotBeNull();
        cause.Option.ShouldBe("L2Regularization");
        cause.Advice.ShouldContain($"below {bound / rate:G3}");
    }

    [Theory]
    [MemberData(nameof(SgdBounds))]
    public void Bound_OfEachSgdRule_SeparatesShrinkingFromGrowingWeightsUnderTheL2TermAlone(OptimizerKind optimizer, double bound)
    {
        // The rule's own update on g = λ·w (the L2 term, no loss): just below the bound the weight decays towards 0, just
        // above it it grows.
        double Final(double step)
        {
            const float rate = 0.01f, l2 = 1f;
            var weight = new Parameter("w", 1, isWeightMatrix: true);
            weight.Values[0] = 1f;
            var rule = OptimizerFactory.Create(optimizer, [weight], new OptimizerSettings { Momentum = 0.9f, WeightDecay = 0f });
            for (int t = 0; t < 200; t++)
            {
                weight.Gradients[0] = (float)(step / rate) * l2 * weight.Values[0];
                rule.Step(rate);
            }
            return Math.Abs(weight.Values[0]);
        }

        Final(0.97 * bound).ShouldBeLessThan(1e-3);
        Final(1.03 * bound).ShouldBeGreaterThan(1e3);
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.RmsProp)]
    [InlineData(OptimizerKind.Adagrad)]
    public void Of_LargeL2UnderAnAdaptiveRule_NamesItOnlyWhenTheFirstGradientOverflows(OptimizerKind optimizer)
    {
        DivergenceCause.Of(Context(optimizer, 1e10f, layerNorm: 10), 1f).ShouldBeNull(); // each step is divided by the gradient's scale
        DivergenceCause.Of(Context(optimizer, 1e17f, layerNorm: 10), 1f).ShouldBeNull(); // λ·‖W‖ = 1e18 < √float.MaxValue ≈ 1.84e19
        DivergenceCause.Of(Context(optimizer, 1e19f, layerNorm: 10), 1f).ShouldNotBeNull().Option.ShouldBe("L2Regularization"); // 1e20: Σ g² overflows
    }

    [Fact]
    public void Of_EluAlphaBeyondTheUnnormalisedInputScale_NamesEluAlpha()
    {
        DivergenceCause.Of(Context(OptimizerKind.Adam, 0f, eluAlpha: 1.67f), 0.01f).ShouldBeNull();
        DivergenceCause.Of(Context(OptimizerKind.Adam, 0f, eluAlpha: 1e3f), 0.01f).ShouldNotBeNull().Option.ShouldBe("EluAlpha");
    }

    private static DiagnosisContext Stalled(float l2, double weightNorm, double constantLoss) => new()
    {
        Activations = [], ParameterCounts = [], Optimizer = OptimizerKind.Adam, LearningRate = 1e-3f, L2Regularization = l2,
        InitialWeightNorm = weightNorm, LargestInitialLayerWeightNorm = weightNorm, ConstantPredictionLoss = constantLoss,
    };

    [Fact]
    public void OfStalledRun_L2PenaltyOfTheInitialWeightsBeyondTheConstantLoss_NamesL2RegularizationWithATypicalValue()
    {
        // λ/2·‖W‖² = 1/2 × 4 = 2 ≥ 1: the penalty outweighs the whole loss of predicting the average.
        var cause = DivergenceCause.OfStalledRun(Stalled(1f, 2, 1), 100).ShouldNotBeNull();

        cause.Option.ShouldBe("L2Regularization");
        cause.Why.ShouldContain("L2Regularization/2 × ‖W‖² = 1/2 × 4 = 2, already exceeds the loss of predicting the average label (1)");
        cause.Advice.ShouldBe("set L2Regularization to 0.0001 (typical values are 1e-5 to 1e-2)");
        cause.Suggested.ShouldBe(1e-4);
    }

    [Fact]
    public void OfStalledRun_L2PenaltyBelowTheConstantLoss_NamesNothing()
    {
        DivergenceCause.OfStalledRun(Stalled(0.4f, 2, 1), 100).ShouldBeNull(); // 0.8 < 1
        DivergenceCause.OfStalledRun(Stalled(0f, 2, 1), 100).ShouldBeNull();
    }

    private static DiagnosisContext Decayed(float decay, float rate, OptimizerKind optimizer = OptimizerKind.AdamW, double initialRms = 0.05) => new()
    {
        Activations = [], ParameterCounts = [], Optimizer = optimizer, LearningRate = rate, WeightDecay = decay, InitialWeightRms = initialRms,
    };

    [Theory]
    [InlineData(2e4f, 1e-5f, 50)]   // 0.2 a step: at most 1/λ = 5e-5, 0.001 of the initial 0.05
    [InlineData(5e3f, 1e-5f, 100)]  // 0.05 a step: 0.05·e^−5.1 + 2e-4 ≈ 5.9e-4
    [InlineData(2e3f, 1e-4f, 100)]  // the AdviceFollowed run
    public void OfStalledRun_DecayHoldingTheWeightsBelowATenthOfTheirInitialScale_NamesWeightDecayWithAdamWsDefault(float decay, float rate, long steps)
    {
        var cause = DivergenceCause.OfStalledRun(Decayed(decay, rate), steps).ShouldNotBeNull();

        cause.Option.ShouldBe("WeightDecay");
        cause.Value.ShouldBe(decay);
        cause.Why.ShouldContain($"LearningRate × WeightDecay = {rate:G3} × {decay:G3} = {rate * (double)decay:G3} off every weight");
        cause.Why.ShouldContain($"no weight stays above 1/WeightDecay = {1 / (double)decay:G3}: over the run's {steps} steps");
        cause.Advice.ShouldBe("set WeightDecay to 0.01 (AdamW's default; values used in practice are 1e-4 to 0.1)");
        cause.Suggested.ShouldBe(0.01, 1e-9);
    }

    [Theory]
    [InlineData(0.01f, 1e-4f)]
    [InlineData(0.01f, 1e-3f)]
    [InlineData(0.01f, 1e-2f)]
    [InlineData(0.1f, 1e-2f)]
    public void OfStalledRun_UsualDecoupledDecay_NamesNothingHoweverLongTheRun(float decay, float rate)
    {
        // 1/λ = 10 to 100 per weight, far above any initialisation's scale: the decay cannot hold the weights down.
        DivergenceCause.OfStalledRun(Decayed(decay, rate), 10_000_000).ShouldBeNull();
    }

    [Fact]
    public void OfStalledRun_HugeDecayTooSlowForTheRunsSteps_NamesNothing()
    {
        // 1e3 at 1e-5 is 0.01 a step: 1/λ = 1e-3 would hold the weights down, but after 100 steps they are still at
        // e^−1 = 0.37 of their start; on Boston the λ = 0 run stalls at this rate as well: the stall is the rate's.
        DivergenceCause.OfStalledRun(Decayed(1e3f, 1e-5f), 100).ShouldBeNull();
        DivergenceCause.OfStalledRun(Decayed(1e3f, 1e-5f), 2000).ShouldNotBeNull().Option.ShouldBe("WeightDecay");
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Momentum)]
    public void OfStalledRun_HugeDecayUnderAnSgdRule_NamesNothing(OptimizerKind optimizer)
    {
        // SGD's step is η·g, not about η: the ceiling 1/λ on which the cause rests does not hold.
        DivergenceCause.OfStalledRun(Decayed(2e4f, 1e-5f, optimizer), 100).ShouldBeNull();
    }

    [Fact]
    public void OfStalledRun_DecayExplainingTheStallAtAHighRate_SuggestsLessThanTheDefaultToKeep1eMinus3AStep()
    {
        // Initial weights of RMS 5 held below 1/λ = 0.25: at a rate of 0.2 the default 0.01 would be 2e-3 a step, so the
        // suggestion is 1e-3 / 0.2 = 5e-3.
        DivergenceCause.OfStalledRun(Decayed(4f, 0.2f, initialRms: 5), 100).ShouldNotBeNull().Suggested.ShouldBe(5e-3, 1e-12);
    }

    [Fact]
    public void Followed_WeightDecayCause_TheContextAtTheSuggestedDecaySoARaisedRateNeedsNoOtherDecay()
    {
        var context = Decayed(2e4f, 1e-5f);
        var cause = DivergenceCause.OfStalledRun(context, 50).ShouldNotBeNull();

        var followed = cause.Followed(context);

        followed.WeightDecay.ShouldBe(0.01f);
        followed.LearningRate.ShouldBe(1e-5f);
        followed.RaisedLearningRateSetting(1e-4).ShouldBe("LearningRate = 0.0001");
        context.WeightDecay.ShouldBe(2e4f); // the run's own context is unchanged
        DivergenceCause.OfStalledRun(Stalled(1f, 2, 1), 100).ShouldNotBeNull().Followed(context).ShouldBeSameAs(context);
    }

    [Fact]
    public void Explain_AFindingsMessageAndAdvice_NamesTheCauseFirstAndAddsItsValuesToTheEvidence()
    {
        var cause = DivergenceCause.Of(Context(OptimizerKind.Sgd, 1e3f), 0.01f).ShouldNotBeNull();
        var evidence = new Dictionary<string, double>();

        var (message, advice) = cause.Explain("the loss rose", "lower the learning rate", "the loss still rises", evidence);

        message.ShouldStartWith("the loss rose; L2Regularization = 1E+03 explains it: ");
        advice.ShouldBe("set L2Regularization below 200, e.g. to 0.0001 (typical values are 1e-5 to 1e-2); if the loss still rises, lower the learning rate");
        evidence["L2Regularization"].ShouldBe(1e3);
        evidence["SuggestedL2Regularization"].ShouldBe(1e-4);
    }

    [Theory]
    [InlineData(1e-5, 3.1e-6, 3e-3)] // 1e-3 / 3.1e-6 = 323×
    [InlineData(1e-3, 5e-4, 1e-2)] // 2× would reach it, but never less than 10×
    [InlineData(1e-3, 9e-5, 1e-2)] // 11×
    [InlineData(1e-9, 1e-12, 1e-6)] // capped at 1000×
    [InlineData(1e-4, double.NaN, 1e-3)] // no ratio recorded: 10×
    public void RaisedLearningRate_StepsBelowTheTarget_ReachItBetweenTenAndAThousandTimesTheRate(double rate, double ratio, double expected)
    {
        DiagnosisMath.RaisedLearningRate(rate, ratio, 1e-3).ShouldBe(expected, expected * 1e-9);
    }
}
