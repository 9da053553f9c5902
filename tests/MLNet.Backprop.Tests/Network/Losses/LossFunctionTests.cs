using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop.Tests.Network.Losses;

public class LossFunctionTests
{
    [Fact]
    public void BinaryCrossEntropy_KnownLogit_MatchesFormula()
    {
        // z = 2, y = 1: l = −log σ(2) = log(1 + e⁻²) = 0.126928; ∂l/∂z = σ(2) − 1 = −0.119203
        var loss = new BinaryCrossEntropy();
        var g = new float[1];
        loss.Evaluate([2f], [1f], default, g, 1, 1).ShouldBe(0.126928, 1e-6);
        g[0].ShouldBe(-0.119203f, 1e-6f);
    }

    [Theory]
    [InlineData(1e4f, 0f)]
    [InlineData(-1e4f, 1f)]
    [InlineData(1e4f, 1f)]
    [InlineData(-1e4f, 0f)]
    public void BinaryCrossEntropy_HugeLogits_FiniteLossAndGradient(float z, float y)
    {
        var g = new float[1];
        double l = new BinaryCrossEntropy().Evaluate([z], [y], default, g, 1, 1);
        double.IsFinite(l).ShouldBeTrue();
        float.IsFinite(g[0]).ShouldBeTrue();
        if (y == 0f == z > 0) l.ShouldBe(1e4, 1e-3); // confidently wrong: loss ≈ |z|
        else l.ShouldBe(0, 1e-6);
    }

    [Fact]
    public void SoftmaxCrossEntropy_KnownLogits_MatchesFormula()
    {
        // z = (1, 2, 3), class 0: logsumexp = 3.407606; l = 3.407606 − 1 = 2.407606
        // softmax = (0.090031, 0.244728, 0.665241); gradient = softmax − onehot(0)
        var g = new float[3];
        new SoftmaxCrossEntropy().Evaluate([1f, 2f, 3f], [0f], default, g, 1, 3).ShouldBe(2.407606, 1e-6);
        g.ShouldBe([0.090031f - 1f, 0.244728f, 0.665241f], 1e-6f);
    }

    [Fact]
    public void SoftmaxCrossEntropy_HugeLogits_FiniteLossAndGradient()
    {
        var g = new float[3];
        double l = new SoftmaxCrossEntropy().Evaluate([1e4f, -1e4f, 0f], [1f], default, g, 1, 3);
        l.ShouldBe(2e4, 1);
        g.ShouldAllBe(v => float.IsFinite(v));
    }

    [Theory]
    [InlineData(-1f)]
    [InlineData(3f)]
    [InlineData(0.5f)]
    public void SoftmaxCrossEntropy_TargetNotAClassIndex_ThrowsNamingRow(float target)
    {
        var ex = Should.Throw<ArgumentException>(() => new SoftmaxCrossEntropy().Evaluate([0f, 0f, 0f], [target], default, new float[3], 1, 3));
        ex.Message.ShouldContain("row 0");
    }

    [Fact]
    public void MeanSquaredError_TwoOutputs_AveragesOverOutputs()
    {
        // residuals (1, −3): l = (1 + 9)/2 = 5; gradient 2r/K = (1, −3)
        var g = new float[2];
        new MeanSquaredError().Evaluate([2f, 0f], [1f, 3f], default, g, 1, 2).ShouldBe(5, 1e-9);
        g.ShouldBe([1f, -3f]);
    }

    [Fact]
    public void Huber_InsideAndOutsideDelta_MatchesFormula()
    {
        // δ = 1; residual 0.5 → ½·0.25 = 0.125, grad 0.5; residual −3 → 1·(3 − 0.5) = 2.5, grad −1; mean over K = 2
        var g = new float[2];
        new HuberLoss(1f).Evaluate([0.5f, -3f], [0f, 0f], default, g, 1, 2).ShouldBe((0.125 + 2.5) / 2, 1e-9);
        g.ShouldBe([0.25f, -0.5f]);
    }

    [Fact]
    public void Evaluate_ExampleWeights_GiveWeightedMean()
    {
        // l₀ = 1, l₁ = 9 with weights 3 and 1: (3·1 + 1·9)/4 = 3; gradients scaled by w/Σw
        var g = new float[2];
        new MeanSquaredError().Evaluate([1f, 3f], [0f, 0f], [3f, 1f], g, 2, 1).ShouldBe(3, 1e-9);
        g.ShouldBe([2f * 1f * 3f / 4f, 2f * 3f * 1f / 4f]);
    }

    [Fact]
    public void Evaluate_WeightsSumToZero_Throws()
    {
        Should.Throw<ArgumentException>(() => new MeanSquaredError().Evaluate([1f], [0f], [0f], new float[1], 1, 1))
            .Message.ShouldContain("positive");
    }

    [Theory]
    [InlineData(20f, 1f)]
    [InlineData(-20f, 0f)]
    [InlineData(30f, 1f)]
    public void BinaryCrossEntropy_SaturatedCorrectOutput_GradientKeepsFullPrecision(float z, float y)
    {
        // σ(20) − 1 = −2.061e-9, which a float difference of two numbers near 1 rounds to 0.
        var g = new float[1];
        new BinaryCrossEntropy().Evaluate([z], [y], default, g, 1, 1);
        double expected = y == 1 ? -1 / (1 + Math.Exp(z)) : 1 / (1 + Math.Exp(-z));
        ((double)g[0]).ShouldBe(expected, Math.Abs(expected) * 1e-6);
    }

    [Fact]
    public void SoftmaxCrossEntropy_SaturatedCorrectClass_GradientKeepsFullPrecision()
    {
        // p_c − 1 for p_c = 1 − 2e-9 must come out as −(sum of the other probabilities), not 0.
        var g = new float[3];
        new SoftmaxCrossEntropy().Evaluate([25f, 5f, 5f], [0f], default, g, 1, 3);
        double other = Math.Exp(-20) / (1 + 2 * Math.Exp(-20));
        ((double)g[0]).ShouldBe(-2 * other, 2 * other * 1e-5);
    }
}
