using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

public class RobustClipTests
{
    [Fact]
    public void Compute_Columns_MedianAndInverseQuartileRangeWithFallbacks()
    {
        // Column 0: 1..9 (median 5, quartiles 3 and 7); column 1: quartiles equal (0), range −4..6 → ½·10;
        // column 2: constant.
        float[][] columns = [[1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 0, 0, 0, 0, 0, 0, -4, 6], [2, 2, 2, 2, 2, 2, 2, 2, 2]];
        var rows = Enumerable.Range(0, 9).SelectMany(r => columns.Select(c => c[r])).ToArray();

        var clip = RobustClip.Compute(rows, 9, 3);

        clip.Centers.ToArray().ShouldBe([5f, 0f, 2f]);
        clip.InverseScales.ToArray().ShouldBe([0.25f, 0.2f, 0f]);
    }

    [Fact]
    public void Compute_EvenCount_LinearQuantilesAsNumPy()
    {
        // numpy.quantile([1, 2, 4, 10], [0.25, 0.5, 0.75]) = 1.75, 3, 5.5.
        var clip = RobustClip.Compute([1f, 2f, 4f, 10f], 4, 1);

        clip.Centers[0].ShouldBe(3f);
        clip.InverseScales[0].ShouldBe(1f / 3.75f, 1e-7f);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    [InlineData(40.0)]
    [InlineData(-1e6)]
    public void Clip_Value_IsTheFormulaInDouble(double v)
    {
        double expected = v / Math.Sqrt(1 + (v / 3) * (v / 3));

        ((double)RobustClip.Clip((float)v)).ShouldBe(expected, 1e-6 * Math.Max(1, Math.Abs(expected)));
    }

    [Fact]
    public void Clip_ExtremeAndNaN_BoundedOrNaN()
    {
        RobustClip.Clip(1e30f).ShouldBe(3f, 1e-6f); // v² would overflow: clamped first
        RobustClip.Clip(-float.MaxValue).ShouldBe(-3f, 1e-6f);
        RobustClip.Clip(float.PositiveInfinity).ShouldBe(3f, 1e-6f);
        float.IsNaN(RobustClip.Clip(float.NaN)).ShouldBeTrue();
        Math.Abs(RobustClip.Clip(1e7f)).ShouldBeLessThan(3f + 1e-6f);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(5, 9)]
    [InlineData(4, 16)]
    [InlineData(3, 17)]
    public void ApplyRows_AnyValues_IsApplyRowByRowBitForBit(int rows, int features)
    {
        var random = new Random(features);
        var centers = Enumerable.Range(0, features).Select(_ => random.NextSingle() * 4f - 2f).ToArray();
        var inverseScales = Enumerable.Range(0, features).Select(j => j % 5 == 4 ? 0f : random.NextSingle() * 3f + 0.01f).ToArray(); // 0: a constant feature
        var clip = new RobustClip(centers, inverseScales);
        var dense = KernelData.Values(rows * features, seed: 31 * rows + features); // NaN, ±∞, ±0, extremes among them
        dense[0] = 1e30f;
        var expected = new float[dense.Length];
        for (int r = 0; r < rows; r++) clip.Apply(dense.AsSpan(r * features, features), expected.AsSpan(r * features, features));

        var actual = new float[dense.Length];
        clip.ApplyRows(dense, actual, rows);

        KernelData.Bits(actual).ShouldBe(KernelData.Bits(expected)); // a vector's lanes and the scalar tail alike
    }

    [Fact]
    public void Problem_BadValues_Named()
    {
        RobustClip.Problem([1f], [-1f])!.ShouldContain("inverse scale");
        RobustClip.Problem([float.NaN], [1f])!.ShouldContain("centre");
        RobustClip.Problem([1f, 2f], [1f])!.ShouldContain("2 centres");
        RobustClip.Problem([1f], [0f]).ShouldBeNull();
        (InputPartDescription.Dense(1) with { Clip = new RobustClip([0f], [1f]) }).Problem()!.ShouldContain("robust scaling");
        new InputPartDescription(InputKind.ClippedDense, 2, 2).Problem()!.ShouldContain("no scaling");
        InputPartDescription.ClippedDense(new RobustClip([0f, 1f], [1f, 2f])).Problem().ShouldBeNull();
    }

    private const int Features = 3, Rows = 9;

    private static readonly RobustClip Map = new([1f, -2f, 0.5f], [0.5f, 2f, 0f]);

    private static NeuralNetwork Network(bool scaled, Activation activation = Activation.Tanh) => NeuralNetwork.Create(new NetworkOptions
    {
        InputParts = [scaled ? InputPartDescription.ScaledDense(Features, Map) : InputPartDescription.ClippedDense(Map)],
        HiddenLayers = [5], OutputSize = 2, Activation = activation, Seed = 3,
    });

    [Theory]
    [InlineData(false, Activation.Tanh)]
    [InlineData(true, Activation.Tanh)]
    [InlineData(true, Activation.GELU)]
    public void GradientCheck_ClippedInput_AnalyticMatchesNumeric(bool scaled, Activation activation)
    {
        var network = Network(scaled, activation);
        if (scaled) new[] { 0.5f, -1.5f, 2f }.CopyTo(network.Input.Parameters[0].Values, 0);
        var dense = TestData.Normal(Rows * Features, 5, scale: 4f);
        var targets = Enumerable.Range(0, Rows).Select(r => (float)(r % 2)).ToArray();

        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, dense, [], targets, Rows);

        if (scaled) result.Parameters.Select(p => p.Parameter).ShouldContain("input.scales");
        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Fact]
    public void Forward_ClippedInput_IsTheClipThenTheProduct()
    {
        var network = Network(scaled: false);
        var dense = TestData.Normal(Rows * Features, 8, scale: 10f);
        var plain = NeuralNetwork.FromLayers([InputPartDescription.Dense(Features)], network.Describe());
        plain.CopyParametersFrom(network);
        var clipped = new float[dense.Length];
        for (int r = 0; r < Rows; r++) Map.Apply(dense.AsSpan(r * Features, Features), clipped.AsSpan(r * Features, Features));

        var a = new float[Rows * 2];
        var b = new float[Rows * 2];
        network.Predict(dense, a, Rows);
        plain.Predict(clipped, b, Rows);

        a.ShouldBe(b);
        clipped.ShouldAllBe(u => Math.Abs(u) < 3f);
    }

    [Fact]
    public void WithInputScalesFolded_ScaledClip_BecomesAClippedBlockScoringAlike()
    {
        var network = Network(scaled: true);
        new[] { 0.5f, -1.5f, 2f }.CopyTo(network.Input.Parameters[0].Values, 0);
        var dense = TestData.Normal(Rows * Features, 9, scale: 5f);
        var before = new float[Rows * 2];
        network.Predict(dense, before, Rows);

        var folded = network.WithInputScalesFolded();

        folded.Input.Describe()[0].Kind.ShouldBe(InputKind.ClippedDense);
        folded.Input.Describe()[0].Clip.ShouldBeSameAs(Map);
        var after = new float[Rows * 2];
        folded.Predict(dense, after, Rows);
        for (int i = 0; i < before.Length; i++) after[i].ShouldBe(before[i], 1e-5f);
    }

    [Fact]
    public void Bounds_AnyFeatureValues_DoNotGrowWithThem()
    {
        var network = Network(scaled: false);

        network.Input.Bounds(1e9).ShouldBe(network.Input.Bounds(1.0));
    }
}
