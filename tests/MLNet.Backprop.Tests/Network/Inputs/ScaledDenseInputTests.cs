using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Network.Inputs;

public class ScaledDenseInputTests
{
    private const int Features = 4, Rows = 9;

    private static NeuralNetwork Network(Activation activation = Activation.Tanh, float dropout = 0f, bool embedding = false, bool scaled = true, int threads = 1)
    {
        var block = scaled ? InputPartDescription.ScaledDense(Features) : InputPartDescription.Dense(Features);
        return NeuralNetwork.Create(new NetworkOptions
        {
            InputParts = embedding ? [block, InputPartDescription.Embedding(keys: 3, width: 2)] : [block],
            HiddenLayers = [5], OutputSize = 2, Activation = activation, Dropout = dropout, Seed = 3, NumberOfThreads = threads,
        });
    }

    private static ScaledDenseInput Part(NeuralNetwork network) => (ScaledDenseInput)network.Input.Parts[0];

    // Scales away from 1 (one negative, one zero), so that the check sees s in both products.
    private static void SetScales(NeuralNetwork network) => new[] { 0.5f, -1.5f, 2f, 0f }.CopyTo(Part(network).Scales.Values, 0);

    [Theory]
    [InlineData(Activation.Tanh, 0f, false)]
    [InlineData(Activation.GELU, 0.3f, false)]
    [InlineData(Activation.ReLU, 0f, true)]
    public void GradientCheck_ScaledDense_AnalyticMatchesNumeric(Activation activation, float dropout, bool embedding)
    {
        var network = Network(activation, dropout, embedding);
        SetScales(network);
        var dense = TestData.Normal(Rows * Features, 5);
        int[] keys = embedding ? [1, 2, 3, 0, 1, 2, 3, 0, 1] : [];
        var targets = Enumerable.Range(0, Rows).Select(r => (float)(r % 2)).ToArray();

        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, dense, keys, targets, Rows);

        result.Parameters.Select(p => p.Parameter).ShouldContain("input.scales");
        result.Parameters.Select(p => p.Parameter).ShouldContain("layer0.weights");
        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Fact]
    public void GradientCheck_Regression_AnalyticMatchesNumeric()
    {
        var network = Network();
        SetScales(network);

        var result = GradientCheck.Run(network, LossFunction.MeanSquaredError, TestData.Normal(Rows * Features, 6, scale: 2f), [], TestData.Normal(Rows * 2, 7), Rows);

        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Fact]
    public void Create_ScalesStartAtOne_ScoresAsThePlainDenseBlockBitForBit()
    {
        var scaled = Network();
        var plain = Network(scaled: false);
        var dense = TestData.Normal(Rows * Features, 8);

        Part(scaled).Scales.Values.ShouldAllBe(s => s == 1f);
        scaled.Layers[0].Weights.ToArray().ShouldBe(plain.Layers[0].Weights.ToArray()); // the scales draw nothing
        var a = new float[Rows * 2];
        var b = new float[Rows * 2];
        scaled.Predict(dense, a, Rows);
        plain.Predict(dense, b, Rows);
        a.ShouldBe(b);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WithInputScalesFolded_ScoresAsTheScaledNetworkWithAPlainDenseBlock(bool embedding)
    {
        var network = Network(embedding: embedding);
        SetScales(network);
        var dense = TestData.Normal(Rows * Features, 9, scale: 3f);
        int[] keys = embedding ? [1, 2, 3, 0, 1, 2, 3, 0, 1] : [];
        var before = network.Forward(new Workspace(network, Rows), new InputView(Rows, dense, keys: keys), false, null, 1).ToArray();

        var folded = network.WithInputScalesFolded();

        folded.Input.Describe()[0].ShouldBe(InputPartDescription.Dense(Features));
        folded.ParameterCount.ShouldBe(network.ParameterCount - Features);
        var after = folded.Forward(new Workspace(folded, Rows), new InputView(Rows, dense, keys: keys), false, null, 1).ToArray();
        for (int i = 0; i < before.Length; i++) after[i].ShouldBe(before[i], 1e-5f);
        // Row 3's scale is 0: its weights are gone from the function, and from the folded rows.
        folded.Layers[0].Weights.Span.Slice(3 * 5, 5).ToArray().ShouldAllBe(w => w == 0f);
        network.WithInputScalesFolded().ShouldNotBeSameAs(network);
        folded.WithInputScalesFolded().ShouldBeSameAs(folded);
    }

    [Fact]
    public void Backward_AnyThreadCount_BitIdentical()
    {
        const int rows = 300, features = 40;
        var dense = TestData.Normal(rows * features, 9);
        float[][] Gradients(int threads) => InputPartGradients.Of(InputPartDescription.ScaledDense(features), dense, rows, threads);

        var one = Gradients(1);
        var four = Gradients(4);

        for (int p = 0; p < one.Length; p++) four[p].ShouldBe(one[p]);
        one[0].ShouldContain(g => g != 0f);
    }

    [Fact]
    public void Step_Scales_MoveWithSixTimesTheLearningRate()
    {
        var network = Network();
        var part = Part(network);
        var weights = network.Layers[1].WeightParameter;
        part.Scales.Gradients.AsSpan().Fill(0.5f);
        weights.Gradients.AsSpan().Fill(0.5f);
        float before = weights.Values[0];

        new Sgd(network.Parameters).Step(0.01f);

        part.Scales.Values.ShouldAllBe(s => s == 1f - 0.01f * ScaledDenseInput.LearningRateFactor * 0.5f);
        weights.Values[0].ShouldBe(before - 0.01f * 0.5f);
        ScaledDenseInput.LearningRateFactor.ShouldBe(6f);
    }

    [Fact]
    public void Bounds_GrowWithTheScales()
    {
        var network = Network();
        var plain = network.Input.Bounds(1.0);
        Part(network).Scales.Values.AsSpan().Fill(2f);

        var doubled = network.Input.Bounds(1.0);

        for (int j = 0; j < plain.Length; j++) doubled[j].ShouldBe(2 * plain[j], 1e-9 * plain[j]);
    }
}
