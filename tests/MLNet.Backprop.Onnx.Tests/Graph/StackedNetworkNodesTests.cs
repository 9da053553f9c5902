using Microsoft.ML;
using MLNet.Backprop.Onnx.Graph;
using MLNet.Backprop.Onnx.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Graph;

/// <summary>Only networks of one shape, whose fixed encodings hold the same values, are exported as one stack; any other
/// ensemble keeps one copy of the nodes per network (its scores are checked against the library by the export tests).</summary>
public class StackedNetworkNodesTests
{
    private static BackpropModel Model(MLContext ml, Datasets.Task task, int[] hidden) =>
        ((BackpropTransformer)Datasets.Fit(ml, task, Activation.Tanh, hidden: hidden).LastTransformer).Model;

    [DataFact]
    public void CanStack_EnsembleOfOneShape_True()
    {
        var ml = new MLContext(seed: 0);
        var model = Model(ml, Datasets.Load(ml, "binary"), [8]);

        model.Networks.Count.ShouldBeGreaterThan(1);
        StackedNetworkNodes.CanStack(model.Networks).ShouldBeTrue();
    }

    [DataFact]
    public void CanStack_NetworksOfOtherLayersOrEncodings_False()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "binary");
        var small = Model(ml, task, [8]);
        var wide = Model(ml, task, [12]);
        var other = Model(ml, Datasets.Load(ml, "regression"), [8]);

        StackedNetworkNodes.CanStack([small.Networks[0], wide.Networks[0]]).ShouldBeFalse();
        StackedNetworkNodes.CanStack([small.Networks[0], other.Networks[0]]).ShouldBeFalse();
        StackedNetworkNodes.CanStack([small.Networks[0]]).ShouldBeFalse();
    }
}
