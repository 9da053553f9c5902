using Microsoft.ML;
using MLNet.Backprop.Onnx.Saving;
using MLNet.Backprop.Onnx.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>Every graph the package writes passes ONNX's full check (shape inference included): ML.NET's converter
/// declared its slot-names outputs [−1, 1] where inference gives [1, 1], and the check failed.</summary>
public class OnnxCheckerTests
{
    public static TheoryData<string, bool> Cases() => new()
    {
        { "binary", false }, { "multiclass", false }, { "regression", false }, { "binary", true }, { "multiclass", true },
    };

    [OnnxCheckerTheory]
    [MemberData(nameof(Cases))]
    public void ConvertToOnnxBackprop_EveryTask_PassesOnnxFullCheck(string name, bool scoringOnly)
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, name);
        var model = Datasets.Fit(ml, task, Activation.GELU, hidden: [4]);
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, task.Train, bytes, scoringOnly);
        OnnxChecker.Check(bytes.ToArray()).ShouldBeNull();
        // The network alone, as ml.Model.Save embeds it.
        OnnxChecker.Check(RowGraph.Build(((BackpropTransformer)model.LastTransformer).Model, "Features")).ShouldBeNull();
    }
}
