using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Network;

/// <summary>
/// One example through a 2-2-1 network (sigmoid hidden layer, linear output, squared error), every quantity worked by
/// hand below, then one SGD step at η = 0.5.
/// </summary>
public class HandWorkedExampleTests
{
    // x = (1, 2), target y = 1
    // W1 = [[0.1, 0.2], [0.3, −0.4]] (input × unit), b1 = (0.05, −0.1); W2 = (0.5, −0.6), b2 = 0.2
    //
    // forward
    //   z1 = x·W1 + b1 = (1·0.1 + 2·0.3 + 0.05, 1·0.2 − 2·0.4 − 0.1)        = (0.75, −0.7)
    //   a1 = σ(z1)                                                          = (0.679178699, 0.331812228)
    //   z2 = a1·W2 + b2 = 0.679178699·0.5 − 0.331812228·0.6 + 0.2          = 0.340502013
    //   l  = (z2 − y)²                                                      = 0.434937595
    // backward (chain rule, one layer at a time)
    //   dl/dz2 = 2(z2 − y)                                                  = −1.318995974
    //   dl/dW2 = a1ᵀ·dl/dz2                                                 = (−0.895833970, −0.437658993)
    //   dl/db2 = dl/dz2                                                     = −1.318995974
    //   dl/da1 = dl/dz2·W2ᵀ                                                 = (−0.659497987, 0.791397585)
    //   dl/dz1 = dl/da1 ⊙ a1(1 − a1)                                        = (−0.143701310, 0.175463032)
    //   dl/dW1 = xᵀ·dl/dz1 = [[1·−0.143701310, 1·0.175463032], [2·−0.143701310, 2·0.175463032]]
    //   dl/db1 = dl/dz1
    // SGD, η = 0.5: w ← w − η·g
    //   W1 = [[0.171850655, 0.112268484], [0.443701310, −0.575463032]], b1 = (0.121850655, −0.187731516)
    //   W2 = (0.947916985, −0.381170504), b2 = 0.859497987
    private const float Tolerance = 1e-6f;

    [Fact]
    public void ForwardBackwardAndSgdStep_TwoTwoOneNetwork_MatchHandComputation()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 2, HiddenLayers = [2], OutputSize = 1, Activation = Activation.Sigmoid });
        float[] w1 = [0.1f, 0.2f, 0.3f, -0.4f], b1 = [0.05f, -0.1f], w2 = [0.5f, -0.6f], b2 = [0.2f];
        w1.CopyTo(network.Layers[0].WeightParameter.Values, 0);
        b1.CopyTo(network.Layers[0].BiasParameter.Values, 0);
        w2.CopyTo(network.Layers[1].WeightParameter.Values, 0);
        b2.CopyTo(network.Layers[1].BiasParameter.Values, 0);
        float[] x = [1f, 2f], y = [1f];

        var ws = new Workspace(network, 1);
        var output = network.Forward(ws, x, 1, training: true, null, 1);
        ws.Z[0].ShouldBe([0.75f, -0.7f], Tolerance);
        ws.A[0].ShouldBe([0.679178699f, 0.331812228f], Tolerance);
        output[0].ShouldBe(0.340502013f, Tolerance);

        // The engine's MSE is the mean over outputs; with one output it is (z2 − y)².
        double loss = LossFunctions.Create(LossFunction.MeanSquaredError).Evaluate(output, y, default, ws.Delta[1], 1, 1);
        loss.ShouldBe(0.434937595, 1e-6);
        ws.Delta[1][0].ShouldBe(-1.318995974f, Tolerance);

        network.Backward(ws, x, 1, 1);
        network.Layers[1].WeightParameter.Gradients.ShouldBe([-0.895833970f, -0.437658993f], Tolerance);
        network.Layers[1].BiasParameter.Gradients.ShouldBe([-1.318995974f], Tolerance);
        network.Layers[0].BiasParameter.Gradients.ShouldBe([-0.143701310f, 0.175463032f], Tolerance);
        network.Layers[0].WeightParameter.Gradients.ShouldBe([-0.143701310f, 0.175463032f, -0.287402620f, 0.350926065f], Tolerance);

        new Sgd(network.Parameters).Step(0.5f);
        network.Layers[0].WeightParameter.Values.ShouldBe([0.171850655f, 0.112268484f, 0.443701310f, -0.575463032f], Tolerance);
        network.Layers[0].BiasParameter.Values.ShouldBe([0.121850655f, -0.187731516f], Tolerance);
        network.Layers[1].WeightParameter.Values.ShouldBe([0.947916985f, -0.381170504f], Tolerance);
        network.Layers[1].BiasParameter.Values.ShouldBe([0.859497987f], Tolerance);
    }
}
