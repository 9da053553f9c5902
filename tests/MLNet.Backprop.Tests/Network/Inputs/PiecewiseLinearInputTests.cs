using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

public class PiecewiseLinearInputTests
{
    private const int Features = 3, Rows = 9;

    /// <summary>Rows of three features and the edges of their own quantiles (so that the rows fall in every bin), the
    /// middle feature repeated (fewer bins).</summary>
    private static (float[] Dense, QuantileBins Bins) Data()
    {
        var dense = TestData.Normal(Rows * Features, 5);
        for (int r = 0; r < Rows; r++) dense[r * Features + 1] = r % 3;
        return (dense, QuantileBins.Compute(dense, Rows, Features, bins: 4));
    }

    private static NeuralNetwork Network(QuantileBins bins, Activation activation, float dropout = 0f, bool embedding = false) =>
        NeuralNetwork.Create(new NetworkOptions
        {
            InputParts = embedding ? [InputPartDescription.PiecewiseLinear(bins), InputPartDescription.Embedding(keys: 3, width: 2)]
                : [InputPartDescription.PiecewiseLinear(bins)],
            HiddenLayers = [5], OutputSize = 2, Activation = activation, Dropout = dropout, Seed = 3,
        });

    [Theory]
    [InlineData(Activation.Tanh, 0f, false)]
    [InlineData(Activation.GELU, 0.3f, false)]
    [InlineData(Activation.Tanh, 0f, true)]
    public void GradientCheck_PiecewiseLinearInput_AnalyticMatchesNumeric(Activation activation, float dropout, bool embedding)
    {
        var (dense, bins) = Data();
        var network = Network(bins, activation, dropout, embedding);
        int[] keys = embedding ? [1, 2, 3, 0, 1, 2, 3, 0, 1] : [];
        var targets = Enumerable.Range(0, Rows).Select(r => (float)(r % 2)).ToArray();

        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, dense, keys, targets, Rows);

        bins.TotalBins.ShouldBe(4 + 2 + 4); // the middle feature's three values make two bins
        network.Layers[0].InputSize.ShouldBe(bins.TotalBins + (embedding ? 2 : 0));
        result.Parameters.Select(p => p.Parameter).ShouldContain("layer0.weights");
        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Fact]
    public void GradientCheck_PublicOverload_TakesTheFeaturesBeforeTheirEncoding()
    {
        var (dense, bins) = Data();
        var network = Network(bins, Activation.Tanh);
        var targets = Enumerable.Range(0, Rows).Select(r => (float)(r % 2)).ToArray();

        var result = GradientCheck.Run(network, LossFunction.SoftmaxCrossEntropy, dense, targets, Rows);

        result.WorstRelativeError.ShouldBeLessThan(1e-4, result.ToString());
    }

    [Fact]
    public void Forward_SameWeights_EqualsADenseInputOfTheEncodedRows()
    {
        var (dense, bins) = Data();
        var network = Network(bins, Activation.Tanh);
        var encoded = new float[Rows * bins.TotalBins];
        for (int r = 0; r < Rows; r++) bins.Encode(dense.AsSpan(r * Features, Features), encoded.AsSpan(r * bins.TotalBins, bins.TotalBins));
        var plain = NeuralNetwork.FromLayers(network.Describe());
        for (int i = 0; i < network.Parameters.Count; i++) network.Parameters[i].Values.CopyTo(plain.Parameters[i].Values, 0);

        var viaEncoding = network.Forward(new Workspace(network, Rows), InputView.OfDense(dense, Rows), training: false, null, 1).ToArray();
        var viaDense = plain.Forward(new Workspace(plain, Rows), InputView.OfDense(encoded, Rows), training: false, null, 1).ToArray();

        viaEncoding.ShouldBe(viaDense); // bit for bit: the same product
    }

    [Fact]
    public void Clone_SharesTheEdges_ScoresAlike()
    {
        var (dense, bins) = Data();
        var network = Network(bins, Activation.Tanh);

        var copy = network.Clone();

        copy.Input.Describe()[0].Bins.ShouldBeSameAs(bins);
        copy.Forward(new Workspace(copy, Rows), InputView.OfDense(dense, Rows), false, null, 1).ToArray()
            .ShouldBe(network.Forward(new Workspace(network, Rows), InputView.OfDense(dense, Rows), false, null, 1).ToArray());
    }

    [Fact]
    public void Bounds_AnyFeatureValues_UseTheUnitInterval()
    {
        var (_, bins) = Data();
        var network = Network(bins, Activation.Tanh);

        // The encoded values lie in [0, 1] whatever the features: the bound does not grow with them.
        network.Input.Bounds(1e6).ShouldBe(network.Input.Bounds(1.0));
    }

    [Fact]
    public void Description_BinsDoNotMatchTheShape_IsAProblem()
    {
        var (_, bins) = Data();

        new InputPartDescription(InputKind.PiecewiseLinear, Features, bins.TotalBins).Problem().ShouldNotBeNull(); // no edges
        (InputPartDescription.PiecewiseLinear(bins) with { Rows = bins.TotalBins + 1 }).Problem().ShouldNotBeNull();
        (InputPartDescription.Dense(3) with { Bins = bins }).Problem().ShouldNotBeNull();
        InputPartDescription.PiecewiseLinear(bins).Problem().ShouldBeNull();
    }
}
