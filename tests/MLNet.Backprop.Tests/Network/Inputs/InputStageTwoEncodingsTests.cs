using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

/// <summary>Two parts reading the one dense block (<see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/>): the stage's
/// Z is the sum of both parts' products, and the gradients of both parts' rows of W and of the periodic part's own
/// values follow it.</summary>
public class InputStageTwoEncodingsTests
{
    private const int Features = 3, Rows = 9;

    private static NeuralNetwork Network(Activation activation, bool embedding = false)
    {
        var dense = TestData.Normal(200 * Features, 11, scale: 2f);
        var bins = QuantileBins.Compute(dense, 200, Features, bins: 4);
        // Slot 1 passes through the periodic part; the map stands for the standardisation the part keeps.
        var periodic = new PeriodicFeatures(Features, frequencies: 3, width: 4, scale: 0.5f, embedded: [0, 2]).WithMap([1f, 0f, -2f], [0.5f, 1f, 2f]);
        InputPartDescription[] parts = [InputPartDescription.PiecewiseLinear(bins), InputPartDescription.Periodic(periodic)];
        return NeuralNetwork.Create(new NetworkOptions
        {
            InputParts = embedding ? [.. parts, InputPartDescription.Embedding(keys: 3, width: 2)] : parts,
            HiddenLayers = [5], OutputSize = 2, Activation = activation, Seed = 3,
        });
    }

    [Theory]
    [InlineData(Activation.Tanh, false)]
    [InlineData(Activation.GELU, true)]
    public void GradientCheck_PiecewiseLinearAndPeriodic_AnalyticMatchesNumeric(Activation activation, bool embedding)
    {
        var dense = TestData.Normal(Rows * Features, 5, scale: 2f);
        var network = Network(activation, embedding);
        int[] keys = embedding ? [1, 2, 3, 0, 1, 2, 3, 0, 1] : [];
        var targets = Enumerable.Range(0, Rows).Select(r => (float)(r % 2)).ToArray();

        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, dense, keys, targets, Rows);

        network.Input.Shape.DenseWidth.ShouldBe(Features);
        network.Layers[0].InputSize.ShouldBe(network.Input.Describe()[0].Rows + 2 * 4 + 1 + (embedding ? 2 : 0));
        result.Parameters.Select(p => p.Parameter).ShouldContain("periodic.frequencies");
        result.Parameters.Select(p => p.Parameter).ShouldContain("layer0.weights");
        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Fact]
    public void Create_TwoDensePartsOfDifferentWidths_Throws()
    {
        var bins = QuantileBins.Compute(TestData.Normal(50 * Features, 1), 50, Features, bins: 4);
        var options = new NetworkOptions
        {
            InputParts = [InputPartDescription.PiecewiseLinear(bins), InputPartDescription.Dense(Features + 1)],
            HiddenLayers = [5], OutputSize = 2, Seed = 3,
        };

        Should.Throw<ArgumentException>(() => NeuralNetwork.Create(options)).Message.ShouldContain("read all of it");
    }
}
