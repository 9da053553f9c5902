using MLNet.Backprop.Network.Activations;

namespace MLNet.Backprop.Tests.Network.Activations;

public class ActivationFunctionTests
{
    private static readonly float[] Z = [-30f, -3f, -1f, -0.25f, 0f, 0.25f, 1f, 3f, 30f];

    public static TheoryData<Activation> All => new(Enum.GetValues<Activation>());

    [Theory]
    [InlineData(Activation.Identity, 0.5f, 0.5f)]
    [InlineData(Activation.ReLU, -2f, 0f)]
    [InlineData(Activation.ReLU, 2f, 2f)]
    [InlineData(Activation.LeakyReLU, -2f, -0.02f)]
    [InlineData(Activation.ELU, -1f, -0.63212055f)]
    [InlineData(Activation.GELU, 1f, 0.8411920f)]
    [InlineData(Activation.Tanh, 0.5f, 0.46211716f)]
    [InlineData(Activation.Sigmoid, 0f, 0.5f)]
    [InlineData(Activation.Sigmoid, 2f, 0.8807971f)]
    public void Forward_KnownInput_MatchesFormula(Activation kind, float z, float expected)
    {
        var f = ActivationFunctions.Create(kind);
        var a = new float[1];
        f.Forward([z], a);
        a[0].ShouldBe(expected, 1e-6f);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Backward_AwayFromKinks_MatchesCentralDifference(Activation kind)
    {
        var f = ActivationFunctions.Create(kind);
        var points = Z.Where(z => z != 0f && MathF.Abs(z) < 10f).ToArray();
        var a = new float[points.Length];
        f.Forward(points, a);
        var delta = Enumerable.Repeat(1f, points.Length).ToArray();
        f.Backward(points, a, delta);

        for (int i = 0; i < points.Length; i++)
        {
            double h = 1e-3;
            var plus = new float[1];
            var minus = new float[1];
            f.Forward([(float)(points[i] + h)], plus);
            f.Forward([(float)(points[i] - h)], minus);
            double numeric = (plus[0] - minus[0]) / (2 * h);
            delta[i].ShouldBe((float)numeric, 2e-3f, $"{kind} at z={points[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Forward_ExtremeInputs_StaysFinite(Activation kind)
    {
        var f = ActivationFunctions.Create(kind);
        float[] z = [-1e4f, -88f, 88f, 1e4f];
        var a = new float[z.Length];
        f.Forward(z, a);
        var delta = new[] { 1f, 1f, 1f, 1f };
        f.Backward(z, a, delta);
        a.ShouldAllBe(v => float.IsFinite(v));
        delta.ShouldAllBe(v => float.IsFinite(v));
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void LeakyRelu_SlopeOutOfRange_Throws(float slope)
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new LeakyReluFunction(slope));
        ex.Message.ShouldContain("LeakyReluSlope");
    }
}
