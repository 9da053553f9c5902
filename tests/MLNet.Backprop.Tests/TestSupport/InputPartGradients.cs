using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>One forward and backward pass of a small network behind an input part, for the parts' thread-count tests.</summary>
internal static class InputPartGradients
{
    /// <summary>Every parameter's gradient after one pass of <paramref name="rows"/> dense rows on <paramref name="threads"/>
    /// threads, with an arbitrary dL/dlogits (2 outputs); the network is [64] tanh, seed 3.</summary>
    public static float[][] Of(InputPartDescription part, float[] dense, int rows, int threads)
    {
        var network = NeuralNetwork.Create(new NetworkOptions
        {
            InputParts = [part], HiddenLayers = [64], OutputSize = 2, Activation = Activation.Tanh, Seed = 3, NumberOfThreads = threads,
        });
        var workspace = new Workspace(network, rows);
        var input = InputView.OfDense(dense, rows);
        network.Forward(workspace, input, training: true, null, threads);
        TestData.Normal(rows * 2, 11).CopyTo(workspace.Delta[^1], 0);
        network.Backward(workspace, input, threads);
        return network.Parameters.Select(p => p.Gradients.ToArray()).ToArray();
    }
}
