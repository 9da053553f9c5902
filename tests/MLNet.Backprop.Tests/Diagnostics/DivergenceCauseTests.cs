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
        var cause = DivergenceCause.OfStalledRun(Stalled(1f, 2, 1)).ShouldNotBeNull();

        cause.Option.ShouldBe("L2Regularization");
        cause.Why.ShouldContain("L2Regularization/2 × ‖W‖² = 1/2 × 4 = 2, already exceeds the loss of predicting the average label (1)");
        cause.Advice.ShouldBe("set L2Regularization to 0.0001 (typical values are 1e-5 to 1e-2)");
        cause.Suggested.ShouldBe(1e-4);
    }

    [Fact]
    public void OfStalledRun_L2PenaltyBelowTheConstantLoss_NamesNothing()
    {
        DivergenceCause.OfStalledRun(Stalled(0.4f, 2, 1)).ShouldBeNull(); // 0.8 < 1
        DivergenceCause.OfStalledRun(Stalled(0f, 2, 1)).ShouldBeNull();
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
