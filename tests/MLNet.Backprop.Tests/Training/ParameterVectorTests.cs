using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class ParameterVectorTests
{
    private static NeuralNetwork Network(ulong seed) => NeuralNetwork.Create(new NetworkOptions
    {
        Activation = Activation.Tanh, InputSize = 3, HiddenLayers = [4], OutputSize = 2, Seed = seed,
    });

    [Fact]
    public void OffsetOf_EachParameter_TheSumOfTheLengthsBeforeIt()
    {
        var network = Network(1);
        int expected = 0;
        foreach (var p in network.Parameters)
        {
            ParameterVector.OffsetOf(network, p).ShouldBe(expected);
            expected += p.Length;
        }
        expected.ShouldBe(network.ParameterCount);
    }

    [Fact]
    public void OffsetOf_AnotherNetworksParameter_Throws()
    {
        Should.Throw<ArgumentException>(() => ParameterVector.OffsetOf(Network(1), Network(2).Parameters[0]));
    }

    [Fact]
    public void CopyGradients_Except_LeavesThatParametersPlaceAndCopiesTheRest()
    {
        var network = Network(1);
        foreach (var p in network.Parameters) p.Gradients.AsSpan().Fill(p.Length);
        var skipped = network.Parameters[0];
        var vector = Enumerable.Repeat(-1f, network.ParameterCount).ToArray();

        ParameterVector.CopyGradients(network, vector, except: skipped);

        vector.AsSpan(0, skipped.Length).ToArray().ShouldAllBe(v => v == -1f);
        int offset = skipped.Length;
        foreach (var p in network.Parameters.Skip(1))
        {
            vector.AsSpan(offset, p.Length).ToArray().ShouldAllBe(v => v == p.Length);
            offset += p.Length;
        }
    }
}
