using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Onnx.Saving;
using MLNet.Backprop.Onnx.Tests.Saving;
using MLNet.Backprop.Onnx.Tests.TestSupport;
using Xunit.Abstractions;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>A model trained on sparse rows (one-hot ids: its first layer reads a sparse block) deploys as a dense one
/// does: the ONNX graph multiplies the feature tensor by the same W, and ML.NET's own save loads in a fresh process.</summary>
public class OnnxSparseInputTests(ITestOutputHelper output)
{
    private static (Datasets.Task Task, TransformerChain<ITransformer> Model) Trained(MLContext ml)
    {
        var task = Datasets.Load(ml, "sparse");
        var model = Datasets.Fit(ml, task, Activation.ReLU);
        ((BackpropTransformer)model.LastTransformer).Model.Network.Input.Describe().Single().Kind.ShouldBe(InputKind.Sparse);
        return (task, model);
    }

    [DataFact]
    public void ConvertToOnnxBackprop_SparseInputModel_OnnxRuntimeMatchesPipeline()
    {
        var ml = new MLContext(seed: 0);
        var (task, model) = Trained(ml);
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, task.Train, bytes);

        using var runner = new OnnxRunner(bytes.ToArray());
        var expected = Columns.Floats(model.Transform(task.Test), "Score");
        double score = Columns.MaxAbsDifference(runner.Floats(runner.Run(task.Test), "Score"), expected);
        output.WriteLine($"ONNX vs ML.NET | sparse input (one-hot ids) | rows {expected.Length} | max |Δ Score| {score:E2}");
        score.ShouldBeLessThanOrEqualTo(1e-5);
        expected.Distinct().Count().ShouldBeGreaterThan(10);
    }

    [DataFact]
    public void ModelSave_SparseInputModel_LoadsAndScoresLikeTheOriginal()
    {
        // ml.Model.Save embeds the network as an ONNX graph (fresh-process loading is covered for every task by
        // ModelSaveLoadTests); a sparse-input network's graph is the dense product of the same weights.
        var ml = new MLContext(seed: 0);
        var (task, model) = Trained(ml);
        using var stream = new MemoryStream();
        ml.Model.Save(model, task.Train.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext(seed: 0).Model.Load(stream, out _);
        loaded.ShouldNotBeOfType<BackpropTransformer>();
        ModelSaveLoadTests.AssertClose(Columns.Floats(loaded.Transform(task.Test), "Score"), Columns.Floats(model.Transform(task.Test), "Score"));
    }
}
