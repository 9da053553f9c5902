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
        var f = ActivationFunctions.Create(ActivationSpec.Of(kind, leakyReluSlope: 0.01f, eluAlpha: 1f));
        Forward(f, [z])[0].ShouldBe(expected, 1e-6f);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Backward_AwayFromKinks_MatchesCentralDifference(Activation kind)
    {
        var f = ActivationFunctions.Create(ActivationSpec.Of(kind, leakyReluSlope: 0.01f, eluAlpha: 1f));
        var points = Z.Where(z => z != 0f && MathF.Abs(z) < 10f).ToArray();
        var a = Forward(f, points);
        var delta = Enumerable.Repeat(1f, points.Length).ToArray();
        Backward(f, points, a, delta);

        for (int i = 0; i < points.Length; i++)
        {
            double h = 1e-3;
            double numeric = (Forward(f, [(float)(points[i] + h)])[0] - Forward(f, [(float)(points[i] - h)])[0]) / (2 * h);
            delta[i].ShouldBe((float)numeric, 2e-3f, $"{kind} at z={points[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Forward_ExtremeInputs_StaysFinite(Activation kind)
    {
        var f = ActivationFunctions.Create(ActivationSpec.Of(kind, leakyReluSlope: 0.01f, eluAlpha: 1f));
        float[] z = [-1e4f, -88f, 88f, 1e4f];
        var a = Forward(f, z);
        var delta = new[] { 1f, 1f, 1f, 1f };
        Backward(f, z, a, delta);
        a.ShouldAllBe(v => float.IsFinite(v));
        delta.ShouldAllBe(v => float.IsFinite(v));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Backward_AnyActivation_BiasGradientIsTheColumnSumOfDlDz(Activation kind)
    {
        var f = ActivationFunctions.Create(ActivationSpec.Of(kind, leakyReluSlope: 0.01f, eluAlpha: 1f));
        const int rows = 3, n = 4;
        var z = Enumerable.Range(0, rows * n).Select(i => (i % 7 - 3) * 0.4f).ToArray();
        var a = new float[rows * n];
        f.Forward((float[])z.Clone(), new float[n], a, rows, n);
        var delta = Enumerable.Range(0, rows * n).Select(i => 0.1f * (i + 1)).ToArray();
        var biasGradient = new float[n];
        f.Backward(z, a, delta, biasGradient, rows, n);

        for (int j = 0; j < n; j++) biasGradient[j].ShouldBe(delta[j] + delta[n + j] + delta[2 * n + j], 1e-6f, $"{kind}, unit {j}");
    }

    // One row through the layer step with a zero bias: the activation alone.
    private static float[] Forward(IActivationFunction f, float[] z)
    {
        var a = new float[z.Length];
        f.Forward((float[])z.Clone(), new float[z.Length], a, rows: 1, n: z.Length);
        return a;
    }

    private static void Backward(IActivationFunction f, float[] z, float[] a, float[] delta) =>
        f.Backward(z, a, delta, new float[z.Length], rows: 1, n: z.Length);
}
