using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network;

public class OutputBoundTests
{
    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.ReLU)]
    [InlineData(Activation.LeakyReLU)]
    [InlineData(Activation.ELU)]
    [InlineData(Activation.GELU)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void Of_RandomInputsWithinTheRange_NoOutputExceedsTheBound(Activation activation)
    {
        var network = NeuralNetwork.Create(new NetworkOptions
        {
            InputSize = 5, HiddenLayers = [7, 3], OutputSize = 2, Activation = ActivationSpec.Of(activation, leakyReluSlope: 0.3f, eluAlpha: 1.5f), Seed = 4,
        });
        const int rows = 2000;
        const float m = 3f;
        // Inputs at the corners of the range as well as inside it: where a bound is closest to the truth.
        var x = TestData.Uniform(rows * 5, 9, -m, m);
        for (int i = 0; i < rows * 5; i += 3) x[i] = x[i] < 0 ? -m : m;
        var outputs = new float[rows * 2];
        network.Predict(x, outputs, rows);

        double bound = OutputBound.Of(network, m);

        outputs.Max(o => Math.Abs((double)o)).ShouldBeLessThanOrEqualTo(bound);
        bound.ShouldBeLessThan(OutputBound.Certain);
    }

    [Fact]
    public void Of_InputsUnbounded_Infinite()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [2], OutputSize = 1, Seed = 1 });
        OutputBound.Of(network, double.PositiveInfinity).ShouldBe(double.PositiveInfinity);
        OutputBound.Of(network, double.NaN).ShouldBe(double.PositiveInfinity);
    }

    [Fact]
    public void Of_HugeInputs_NotCertain()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 2, HiddenLayers = [2], OutputSize = 1, Activation = Activation.ReLU, Seed = 1 });
        OutputBound.Of(network, 1e35).ShouldBeGreaterThan(OutputBound.Certain);
    }
}
