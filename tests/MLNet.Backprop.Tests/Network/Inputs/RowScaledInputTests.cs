using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

/// <summary>The learned scales on the values an encoding part feeds the first layer (<see cref="RowScaledInput"/>), alone
/// and behind the robust scaling (<see cref="ClippedFeaturesInput"/>): gradients, a start that scores as the part without
/// scales, the fold into W, and the same gradients for any thread count.</summary>
public class RowScaledInputTests
{
    private const int Features = 3, Rows = 9;

    /// <summary>Slots 0 and 2 embedded (4 values each), slot 1 passing through: 9 rows of W.</summary>
    private static InputPartDescription Periodic(bool clip = false, bool scales = true) =>
        InputPartDescription.Periodic(new PeriodicFeatures(Features, frequencies: 3, width: 4, scale: 0.5f, embedded: [0, 2]))
            with { Clip = clip ? Clip() : null, ScalesRows = scales };

    private static RobustClip Clip() => new([1f, -0.5f, 0.2f], [0.8f, 2f, 0.5f]);

    private static InputPartDescription PiecewiseLinear() =>
        InputPartDescription.PiecewiseLinear(QuantileBins.Compute(TestData.Normal(60 * Features, 2), 60, Features, bins: 4)) with { ScalesRows = true };

    private static NeuralNetwork Network(InputPartDescription part, Activation activation = Activation.Tanh, bool embedding = false, int threads = 1) =>
        NeuralNetwork.Create(new NetworkOptions
        {
            InputParts = embedding ? [part, InputPartDescription.Embedding(keys: 3, width: 2)] : [part],
            HiddenLayers = [5], OutputSize = 2, Activation = activation, Seed = 3, NumberOfThreads = threads,
        });

    private static RowScaledInput Part(NeuralNetwork network) => (RowScaledInput)network.Input.Parts[0];

    // Scales away from 1 (one negative, one zero), so that the check sees s in both products.
    private static void SetScales(NeuralNetwork network)
    {
        var s = Part(network).Scales.Values;
        for (int i = 0; i < s.Length; i++) s[i] = i % 4 == 1 ? -1.5f : i % 4 == 3 ? 0f : 0.5f + 0.25f * i;
    }

    public static TheoryData<string, Activation, bool> Parts => new()
    {
        { "periodic", Activation.Tanh, false },
        { "periodic+clip", Activation.GELU, true },
        { "periodic+clip", Activation.Tanh, false },
        { "piecewise", Activation.Tanh, false },
    };

    private static InputPartDescription Of(string part) =>
        part == "piecewise" ? PiecewiseLinear() : Periodic(clip: part.EndsWith("+clip", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Parts))]
    public void GradientCheck_ScaledEncoding_AnalyticMatchesNumeric(string part, Activation activation, bool embedding)
    {
        var network = Network(Of(part), activation, embedding);
        SetScales(network);
        var dense = TestData.Normal(Rows * Features, 5, scale: 2f);
        int[] keys = embedding ? [1, 2, 3, 0, 1, 2, 3, 0, 1] : [];
        var targets = Enumerable.Range(0, Rows).Select(r => (float)(r % 2)).ToArray();

        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, dense, keys, targets, Rows);

        result.Parameters.Select(p => p.Parameter).ShouldContain("input.scales");
        result.Parameters.Select(p => p.Parameter).ShouldContain("layer0.weights");
        if (part != "piecewise") result.Parameters.Select(p => p.Parameter).ShouldContain("periodic.frequencies");
        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Fact]
    public void GradientCheck_RobustPeriodicRegression_AnalyticMatchesNumeric()
    {
        var network = Network(Periodic(clip: true));
        SetScales(network);

        var result = GradientCheck.Run(network, LossFunction.MeanSquaredError, TestData.Normal(Rows * Features, 6, scale: 4f), [], TestData.Normal(Rows * 2, 7), Rows);

        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Create_ScalesStartAtOne_ScoresAsThePartWithoutScalesBitForBit(bool clip)
    {
        var scaled = Network(Periodic(clip));
        var plain = Network(Periodic(clip, scales: false));
        var dense = TestData.Normal(Rows * Features, 8, scale: 3f);

        Part(scaled).Scales.Values.ShouldAllBe(s => s == 1f);
        var kept = scaled.Parameters.Where(p => p.Name != "input.scales").ToArray();
        for (int p = 0; p < plain.Parameters.Count; p++) kept[p].Values.ShouldBe(plain.Parameters[p].Values); // the scales draw nothing
        var a = new float[Rows * 2];
        var b = new float[Rows * 2];
        scaled.Predict(dense, a, Rows);
        plain.Predict(dense, b, Rows);
        a.ShouldBe(b);
        scaled.Clone().Input.Describe()[0].ShouldBe(scaled.Input.Describe()[0]);
    }

    [Theory]
    [InlineData("periodic")]
    [InlineData("periodic+clip")]
    [InlineData("piecewise")]
    public void WithInputScalesFolded_ScoresAsTheScaledNetworkWithThePartAlone(string part)
    {
        var network = Network(Of(part), embedding: true);
        SetScales(network);
        var dense = TestData.Normal(Rows * Features, 8, scale: 3f);
        int[] keys = [1, 2, 3, 0, 1, 2, 3, 0, 1];
        var before = network.Forward(new Workspace(network, Rows), new InputView(Rows, dense, keys: keys), false, null, 1).ToArray();

        var folded = network.WithInputScalesFolded();

        folded.Input.Parts[0].ShouldNotBeOfType<RowScaledInput>();
        folded.Input.Describe()[0].ScalesRows.ShouldBeFalse();
        folded.Input.Describe()[0].Clip.ShouldBe(network.Input.Describe()[0].Clip);
        folded.Parameters.Count.ShouldBe(network.Parameters.Count - 1);
        folded.Forward(new Workspace(folded, Rows), new InputView(Rows, dense, keys: keys), false, null, 1).ToArray().ShouldBe(before); // bit for bit
    }

    [Fact]
    public void Backward_AnyThreadCount_BitIdentical()
    {
        // 300 rows and 40 features: products large enough for Gemm to split them; every third slot passes through.
        const int rows = 300, features = 40;
        var settings = new PeriodicFeatures(features, frequencies: 16, width: 8, scale: 0.3f,
            embedded: Enumerable.Range(0, features).Where(f => f % 3 != 0).ToArray());
        var dense = TestData.Normal(rows * features, 9, scale: 5f);
        var clip = RobustClip.Compute(dense, rows, features);
        var part = InputPartDescription.Periodic(settings) with { Clip = clip, ScalesRows = true };
        float[][] Gradients(int threads) => InputPartGradients.Of(part, dense, rows, threads);

        var one = Gradients(1);
        var four = Gradients(4);

        for (int p = 0; p < one.Length; p++) four[p].ShouldBe(one[p]);
        one[3].ShouldContain(g => g != 0f); // the scales (after the frequencies, weights and biases) did get a gradient
    }

    [Fact]
    public void Description_ScalesOnAPlainBlock_IsAProblem()
    {
        (InputPartDescription.Dense(3) with { ScalesRows = true }).Problem().ShouldNotBeNull();
        (InputPartDescription.Dense(3) with { Clip = Clip() }).Problem().ShouldNotBeNull();
        (Periodic(clip: true) with { Clip = new RobustClip([0f], [1f]) }).Problem().ShouldNotBeNull(); // one feature's scaling for three
        Periodic(clip: true).Problem().ShouldBeNull();
    }
}
