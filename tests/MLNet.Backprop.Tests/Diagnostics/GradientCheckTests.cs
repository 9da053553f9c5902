using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Activations;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Diagnostics;

public class GradientCheckTests
{
    // A correct float32 backprop agrees with double-precision differences to ~1e-5; a wrong derivative is off by O(1).
    private const double Tolerance = 1e-4;

    public static TheoryData<Activation, LossFunction, int> Grid()
    {
        var data = new TheoryData<Activation, LossFunction, int>();
        foreach (var activation in Enum.GetValues<Activation>())
            foreach (var loss in Enum.GetValues<LossFunction>())
                foreach (int depth in new[] { 1, 2, 3 })
                    data.Add(activation, loss, depth);
        return data;
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void Run_EveryActivationLossAndDepth_WithinTolerance(Activation activation, LossFunction loss, int depth)
    {
        var (network, x, y, rows) = Setup(activation, loss, depth, seed: 11);
        var result = GradientCheck.Run(network, loss, x, y, rows);
        result.Passes(Tolerance).ShouldBeTrue(result.ToString());
        result.Parameters.Count.ShouldBe(2 * (depth + 1));
        result.Parameters.Sum(p => p.Checked).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Run_NoHiddenLayer_WithinTolerance()
    {
        var (network, x, y, rows) = Setup(Activation.ReLU, LossFunction.BinaryCrossEntropy, 0, seed: 3);
        GradientCheck.Run(network, LossFunction.BinaryCrossEntropy, x, y, rows).Passes(Tolerance).ShouldBeTrue();
    }

    [Fact]
    public void Run_ExampleWeightsAndDropout_WithinTolerance()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 4, HiddenLayers = [6, 5], OutputSize = 3, Activation = Activation.Tanh, Dropout = 0.3f, Seed = 5 });
        var x = TestData.Normal(8 * 4, 1);
        var y = TestData.Targets(LossFunction.SoftmaxCrossEntropy, 8, 3, 2);
        var w = TestData.Uniform(8, 3, 0.1f, 3f);
        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, x, y, 8, w, new GradientCheckOptions { DropoutSeed = 9 });
        result.Passes(Tolerance).ShouldBeTrue(result.ToString());
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.ReLU)]
    public void Run_BrokenDerivative_FailsTheCheck(Activation activation)
    {
        var (network, x, y, rows) = Setup(activation, LossFunction.BinaryCrossEntropy, 2, seed: 11);
        network.Layers[0].Function = new BrokenDerivative(network.Layers[0].Function);
        var result = GradientCheck.Run(network, LossFunction.BinaryCrossEntropy, x, y, rows);
        result.Passes(Tolerance).ShouldBeFalse();
        result.WorstRelativeErrorByLayer[0].ShouldBeGreaterThan(0.1);
        result.WorstRelativeErrorByLayer[2].ShouldBeLessThan(Tolerance); // layers above the bug are unaffected
    }

    [Fact]
    public void Run_RestoresNetworkValues()
    {
        var (network, x, y, rows) = Setup(Activation.GELU, LossFunction.MeanSquaredError, 2, seed: 4);
        var before = network.Parameters.Select(p => (float[])p.Values.Clone()).ToArray();
        GradientCheck.Run(network, LossFunction.MeanSquaredError, x, y, rows);
        for (int i = 0; i < before.Length; i++) network.Parameters[i].Values.ShouldBe(before[i]);
    }

    [Fact]
    public void Run_WrongTargetLength_ThrowsNamingTargets()
    {
        var (network, x, _, rows) = Setup(Activation.ReLU, LossFunction.BinaryCrossEntropy, 1, seed: 1);
        Should.Throw<ArgumentException>(() => GradientCheck.Run(network, LossFunction.BinaryCrossEntropy, x, new float[rows + 1], rows))
            .ParamName.ShouldBe("targets");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Run_HuberDeltaNotFiniteAndPositive_ThrowsNamingIt(float delta)
    {
        var (network, x, y, rows) = Setup(Activation.ReLU, LossFunction.BinaryCrossEntropy, 1, seed: 1);
        Should.Throw<ArgumentOutOfRangeException>(() => GradientCheck.Run(network, LossFunction.BinaryCrossEntropy, x, y, rows, default,
            new GradientCheckOptions { HuberDelta = delta })).ParamName.ShouldBe(nameof(GradientCheckOptions.HuberDelta));
    }

    private static (NeuralNetwork Network, float[] X, float[] Y, int Rows) Setup(Activation activation, LossFunction loss, int depth, ulong seed)
    {
        const int rows = 6, inputs = 5;
        int outputs = loss is LossFunction.BinaryCrossEntropy or LossFunction.BinaryFocal ? 1 : 3;
        var network = NeuralNetwork.Create(new NetworkOptions
        {
            InputSize = inputs,
            HiddenLayers = Enumerable.Repeat(7, depth).ToArray(),
            OutputSize = outputs,
            Activation = activation,
            Seed = seed,
            InitialBias = 0.1f,
        });
        return (network, TestData.Normal(rows * inputs, seed + 1), TestData.Targets(loss, rows, outputs, seed + 2), rows);
    }

    /// <summary>Multiplies the true derivative by 1.5: the kind of slip the check exists to catch.</summary>
    private sealed class BrokenDerivative(IActivationFunction inner) : IActivationFunction
    {
        public ActivationSpec Spec => inner.Spec;
        public bool HasKinkAtZero => inner.HasKinkAtZero;
        public bool CanDie => inner.CanDie;
        public bool CanSaturate => inner.CanSaturate;
        public WeightInitialization Initialization => inner.Initialization;
        public double Bound(double z) => inner.Bound(z);
        public long CountSaturated(ReadOnlySpan<float> a) => inner.CountSaturated(a);
        public double Apply(double z) => inner.Apply(z);
        public void Forward(Span<float> z, ReadOnlySpan<float> bias, Span<float> a, int rows, int n, int threads) => inner.Forward(z, bias, a, rows, n, threads);

        public void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, Span<float> biasGradient, int rows, int n, int threads)
        {
            inner.Backward(z, a, delta, biasGradient, rows, n, threads);
            for (int i = 0; i < rows * n; i++) delta[i] *= 1.5f;
            for (int j = 0; j < n; j++) biasGradient[j] *= 1.5f;
        }
    }
}
