using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class GradientClippingTests
{
    private static Parameter[] CreateParameters(float[] weightGradients, float[] biasGradients)
    {
        var weights = new Parameter("layer0.weights", weightGradients.Length, isWeightMatrix: true);
        var bias = new Parameter("layer0.bias", biasGradients.Length, isWeightMatrix: false);
        weightGradients.CopyTo(weights.Gradients, 0);
        biasGradients.CopyTo(bias.Gradients, 0);
        return [weights, bias];
    }

    private static double GlobalNorm(IEnumerable<Parameter> parameters) =>
        Math.Sqrt(parameters.SelectMany(p => p.Gradients).Sum(g => (double)g * g));

    [Fact]
    public void ScaleToNorm_AboveMaxNorm_ScalesToMaxNormKeepingDirection()
    {
        float[] weightGradients = [.. Enumerable.Range(0, 37).Select(i => (float)Math.Sin(i + 0.5) * 10f)];
        float[] biasGradients = [.. Enumerable.Range(0, 29).Select(i => (float)Math.Cos(i) * 3f)];
        var parameters = CreateParameters(weightGradients, biasGradients);
        double before = GlobalNorm(parameters);

        GradientClipping.ScaleToNorm(parameters, before, maxNorm: 2.5f);

        double after = GlobalNorm(parameters);
        (Math.Abs(after - 2.5) / 2.5).ShouldBeLessThan(1e-5);
        float scale = parameters[1].Gradients[3] / biasGradients[3];
        parameters[0].Gradients[7].ShouldBe(weightGradients[7] * scale, 1e-5f);
    }

    [Fact]
    public void ScaleToNorm_AboveMaxNorm_MultipliesByTheFormulasCoefficient()
    {
        var parameters = CreateParameters([3f, 0f], [4f]);

        GradientClipping.ScaleToNorm(parameters, norm: 5, maxNorm: 1f);

        float coef = (float)(1.0 / (5 + 1e-6));
        parameters[0].Gradients.ShouldBe([3f * coef, 0f]);
        parameters[1].Gradients.ShouldBe([4f * coef]);
    }

    [Fact]
    public void ScaleToNorm_BelowMaxNorm_LeavesGradientsUntouched()
    {
        var parameters = CreateParameters([0.3f, -0.1f], [0.4f]);

        GradientClipping.ScaleToNorm(parameters, GlobalNorm(parameters), maxNorm: 1f);

        parameters[0].Gradients.ShouldBe([0.3f, -0.1f]);
        parameters[1].Gradients.ShouldBe([0.4f]);
    }

    [Fact]
    public void ClipByValue_MixedGradients_ClampsOutsideValuesAndCountsThem()
    {
        var parameters = CreateParameters([-2f, -0.5f, 0.5f, 0.5001f, 3f], [0f, -0.5f, float.NegativeInfinity]);

        int clamped = GradientClipping.ClipByValue(parameters, clipValue: 0.5f);

        clamped.ShouldBe(4);
        parameters[0].Gradients.ShouldBe([-0.5f, -0.5f, 0.5f, 0.5f, 0.5f]);
        parameters[1].Gradients.ShouldBe([0f, -0.5f, -0.5f]);
    }

    [Fact]
    public void ClipByValue_AllInsideRange_ReturnsZeroAndLeavesGradients()
    {
        var parameters = CreateParameters([-1f, 0.25f], [1f]);

        GradientClipping.ClipByValue(parameters, clipValue: 1f).ShouldBe(0);

        parameters[0].Gradients.ShouldBe([-1f, 0.25f]);
        parameters[1].Gradients.ShouldBe([1f]);
    }

}
