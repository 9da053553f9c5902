using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop.Tests.Network.Losses;

public class FocalLossTests
{
    [Fact]
    public void BinaryFocal_KnownLogit_MatchesFormula()
    {
        // z = 1, y = 1, γ = 2: p = σ(1) = 0.731059; l = −(1 − p)²·log p = 0.0723295·0.313262 = 0.0226580
        var g = new float[1];
        double l = new BinaryFocal(2f).Evaluate([1f], [1f], default, g, 1, 1);
        double p = 1 / (1 + Math.Exp(-1));
        l.ShouldBe(-(1 - p) * (1 - p) * Math.Log(p), 1e-9);
        l.ShouldBe(0.0226580, 1e-6);
        // ∂l/∂z = −(1 − p)²·[2·p·(−log p) + (1 − p)]
        g[0].ShouldBe((float)(-(1 - p) * (1 - p) * (2 * p * -Math.Log(p) + (1 - p))), 1e-7f);
    }

    [Theory]
    [InlineData(0.3f, 1f)]
    [InlineData(-2f, 0f)]
    [InlineData(4f, 0f)]
    [InlineData(1.5f, 0.3f)]
    public void BinaryFocal_GammaZero_EqualsCrossEntropy(float z, float y)
    {
        var gFocal = new float[1];
        var gCross = new float[1];
        new BinaryFocal(0f).Evaluate([z], [y], default, gFocal, 1, 1).ShouldBe(new BinaryCrossEntropy().Evaluate([z], [y], default, gCross, 1, 1), 1e-12);
        gFocal[0].ShouldBe(gCross[0], 1e-7f);
    }

    [Fact]
    public void SoftmaxFocal_GammaZero_EqualsCrossEntropy()
    {
        var gFocal = new float[3];
        var gCross = new float[3];
        new SoftmaxFocal(0f).Evaluate([1f, 2f, 3f], [0f], default, gFocal, 1, 3)
            .ShouldBe(new SoftmaxCrossEntropy().Evaluate([1f, 2f, 3f], [0f], default, gCross, 1, 3), 1e-9);
        gFocal.ShouldBe(gCross, 1e-6f);
    }

    public static TheoryData<float, float, float> BinaryCases() => new()
    {
        { 0.7f, 1f, 2f }, { -3f, 1f, 2f }, { 2.5f, 0f, 0.5f }, { -0.4f, 0f, 5f }, { 1.2f, 0.25f, 1f }, { 8f, 1f, 3f },
    };

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryFocal_Gradient_MatchesCentralDifference(float z, float y, float gamma)
    {
        var loss = new BinaryFocal(gamma);
        const double h = 1e-5;
        double numeric = (loss.RowLoss([z + h], [y], 0) - loss.RowLoss([z - h], [y], 0)) / (2 * h);
        var g = new float[1];
        loss.Evaluate([z], [y], default, g, 1, 1);
        ((double)g[0]).ShouldBe(numeric, 1e-6 + 1e-5 * Math.Abs(numeric));
    }

    [Theory]
    [InlineData(0.5f, 0)]
    [InlineData(2f, 1)]
    [InlineData(3.5f, 2)]
    public void SoftmaxFocal_Gradient_MatchesCentralDifference(float gamma, int c)
    {
        var loss = new SoftmaxFocal(gamma);
        double[] z = [0.3, -1.2, 2.1, 0.7];
        const double h = 1e-5;
        var g = new float[4];
        loss.Evaluate(z.Select(v => (float)v).ToArray(), [c], default, g, 1, 4);
        for (int j = 0; j < 4; j++)
        {
            double[] up = (double[])z.Clone(), down = (double[])z.Clone();
            up[j] += h;
            down[j] -= h;
            double numeric = (loss.RowLoss(up, [c], 0) - loss.RowLoss(down, [c], 0)) / (2 * h);
            ((double)g[j]).ShouldBe(numeric, 1e-6 + 1e-5 * Math.Abs(numeric), $"logit {j}");
        }
    }

    [Theory]
    [InlineData(1e4f, 0f)]
    [InlineData(-1e4f, 1f)]
    [InlineData(1e4f, 1f)]
    [InlineData(-1e4f, 0f)]
    public void BinaryFocal_HugeLogits_FiniteLossAndGradient(float z, float y)
    {
        var g = new float[1];
        double l = new BinaryFocal(0.5f).Evaluate([z], [y], default, g, 1, 1);
        double.IsFinite(l).ShouldBeTrue();
        float.IsFinite(g[0]).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(2f)]
    public void SoftmaxFocal_SaturatedCorrectClass_FiniteAndNoNaN(float gamma)
    {
        var g = new float[3];
        double l = new SoftmaxFocal(gamma).Evaluate([1e4f, -1e4f, 0f], [0f], default, g, 1, 3);
        double.IsFinite(l).ShouldBeTrue();
        g.ShouldAllBe(v => float.IsFinite(v));
        l.ShouldBe(0, 1e-12);
    }

    [Fact]
    public void BinaryFocal_WellClassifiedRow_WeighsLessThanUnderCrossEntropy()
    {
        // The point of focal loss: an easy row (p_t = 0.95) loses more of its gradient than a hard one (p_t = 0.2).
        float easy = MathF.Log(0.95f / 0.05f), hard = MathF.Log(0.2f / 0.8f);
        float Ratio(float z) => new BinaryFocal(2f).Gradient(z) / new BinaryCrossEntropy().Gradient(z);
        Ratio(easy).ShouldBeLessThan(0.05f);
        Ratio(hard).ShouldBeGreaterThan(0.5f);
    }

    [Theory]
    [InlineData(LossFunction.BinaryFocal, BackpropTask.BinaryClassification)]
    [InlineData(LossFunction.SoftmaxFocal, BackpropTask.MulticlassClassification)]
    public void Create_FocalWithGamma_FitsItsTaskAndKeepsGamma(LossFunction kind, BackpropTask task)
    {
        var loss = LossFunctions.Create(LossSpec.Of(kind, 1f, 3.5f));
        loss.Fits(task).ShouldBeTrue();
        loss.Fits(BackpropTask.Regression).ShouldBeFalse();
        loss.Spec.Parameter.ShouldBe(3.5f);
    }
}

internal static class FocalTestExtensions
{
    public static float Gradient(this ILossFunction loss, float z)
    {
        var g = new float[1];
        loss.Evaluate([z], [1f], default, g, 1, 1);
        return g[0];
    }
}
