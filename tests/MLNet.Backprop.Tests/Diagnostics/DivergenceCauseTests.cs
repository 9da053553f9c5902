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
}
