using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network;
using MLNet.Backprop.Onnx.Proto;
using MLNet.Backprop.Onnx.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>What the export contains beyond one plain network: ensembles and target scaling (the model contract),
/// steps after the trainer, a model without featurizer, the versions and output types it declares, and reading the file
/// back into ML.NET.</summary>
public class OnnxExportShapesTests
{
    [DataFact]
    public void ConvertToOnnxBackprop_EnsembleWithTargetScaling_OnnxRuntimeMatchesPipeline()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "regression");
        var members = new[] { 1, 2, 3 }.Select(seed => (BackpropTransformer)Datasets.Fit(ml, task, Activation.Tanh, seed).LastTransformer).ToList();
        var first = members[0].Model;
        var ensemble = new BackpropModel(first.Task, [.. members.Select(m => m.Model.Network)], first.Loss, null, new TrainingHistory(),
            targetOffset: 3.5f, targetScale: 0.75f);
        var featurizer = task.Featurizer.Fit(task.Train);
        var model = new TransformerChain<ITransformer>(featurizer, new BackpropTransformer(ensemble, "Features"));

        var (actual, expected) = RunBoth(ml, model, task.Train, task.Test);

        var reference = Columns.Floats(expected, "Score");
        Columns.MaxAbsDifference(actual, reference).ShouldBeLessThanOrEqualTo(1e-5);
        // The scaling and the mean really are in the graph: one member alone, unscaled, scores differently.
        var single = new TransformerChain<ITransformer>(featurizer, members[0]);
        Columns.MaxAbsDifference(Columns.Floats(single.Transform(task.Test), "Score"), reference).ShouldBeGreaterThan(0.1);
    }

    [DataFact]
    public void ConvertToOnnxBackprop_MapKeyToValueAfterTrainer_ClassNamesInGraph()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "multiclass");
        var fitted = Datasets.Fit(ml, task, Activation.ReLU);
        var scored = fitted.Transform(task.Train);
        var model = fitted.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedContract", "PredictedLabel").Fit(scored));
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, task.Train, bytes);

        using var runner = new OnnxRunner(bytes.ToArray());
        var outputs = runner.Run(task.Test);
        var names = (string[])outputs["PredictedContract.output"];
        names.ShouldBe(Columns.Strings(model.Transform(task.Test), "PredictedContract"));
        names.Distinct().Count().ShouldBeGreaterThan(1);
    }

    [DataFact]
    public void ConvertToOnnxBackprop_BinaryModel_DeclaresOpsetAndMlNetOutputTypes()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "binary");
        var model = Datasets.Fit(ml, task, Activation.GELU);
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, task.Train, bytes);

        var onnx = ModelProto.Parser.ParseFrom(bytes.ToArray());
        onnx.IrVersion.ShouldBe(6);
        onnx.OpsetImport.Single(o => o.Domain == "").Version.ShouldBe(12);
        using var runner = new OnnxRunner(bytes.ToArray());
        runner.Outputs["Score.output"].ElementType.ShouldBe(typeof(float));
        runner.Outputs["Probability.output"].ElementType.ShouldBe(typeof(float));
        runner.Outputs["PredictedLabel.output"].ElementType.ShouldBe(typeof(bool));
        runner.Inputs["Contract"].ElementType.ShouldBe(typeof(string));
        // The default ensemble's 4 networks of one shape as one stack: 3 layers, the first one product for the encodings
        // every network reads alike (the bins and the periodic part's pass-through slots) and one for the networks' own
        // periodic embeddings, so one more, and the embeddings' per-feature linear layers (one batched MatMul); each a
        // single MatMul over the 4 networks.
        onnx.Graph.Node.Count(n => n.OpType == "MatMul").ShouldBe(3 + 1 + 1);
        onnx.Graph.Node.Count(n => n.OpType == "MatMul" && n.Output.Single().Contains("PeriodicLinear", StringComparison.Ordinal)).ShouldBe(1);
        // The bins and the robust clip, computed once for all 4 networks: one Clip node each.
        onnx.Graph.Node.Count(n => n.OpType == "Clip").ShouldBe(2);
    }

    [Fact]
    public void ConvertToOnnxBackprop_TransformerAlone_FeaturesAreTheGraphInput()
    {
        var ml = new MLContext(seed: 0);
        var rows = Enumerable.Range(0, 200).Select(i => new VectorRow { Features = [i % 7 / 7f, i % 5 / 5f, i % 3 / 3f], Label = i % 7 + i % 5 > 5 }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 3, Seed = 1 }).Fit(data);
        var (actual, expected) = RunBoth(ml, model, data, data);
        Columns.MaxAbsDifference(actual, Columns.Floats(expected, "Score")).ShouldBeLessThanOrEqualTo(1e-5);
    }

    [DataFact]
    public void ConvertToOnnxBackprop_FileReadByApplyOnnxModel_ScoresLikePipeline()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "binary");
        var model = Datasets.Fit(ml, task, Activation.ReLU);
        string path = Path.Combine(Path.GetTempPath(), $"backprop-{Guid.NewGuid():N}.onnx");
        try
        {
            ml.Model.ConvertToOnnxBackprop(model, task.Train, path);
            using var onnx = ml.Transforms.ApplyOnnxModel(path).Fit(task.Test);
            var scored = onnx.Transform(task.Test);
            // OnnxTransformer strips ".output" and reads every output as a vector ([N, 1] → Vector<Single, 1, 1>).
            Columns.MaxAbsDifference(Columns.Floats(scored, "Probability"), Columns.Floats(model.Transform(task.Test), "Probability"))
                .ShouldBeLessThanOrEqualTo(1e-5);
        }
        finally { File.Delete(path); }
    }

    [DataFact]
    public void ConvertToOnnxBackprop_MulticlassReadByApplyOnnxModel_ClassNamesAsSlotNames()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "multiclass");
        var model = Datasets.Fit(ml, task, Activation.Tanh);
        string path = Path.Combine(Path.GetTempPath(), $"backprop-{Guid.NewGuid():N}.onnx");
        try
        {
            ml.Model.ConvertToOnnxBackprop(model, task.Train, path);
            using var onnx = ml.Transforms.ApplyOnnxModel(path).Fit(task.Test);
            var score = onnx.Transform(task.Test).Schema["Score"];
            VBuffer<ReadOnlyMemory<char>> names = default;
            score.GetSlotNames(ref names);
            names.DenseValues().Select(n => n.ToString()).ShouldBe(["Month-to-month", "One year", "Two year"]);
        }
        finally { File.Delete(path); }
    }

    private static (float[] OnnxScores, IDataView Expected) RunBoth(MLContext ml, ITransformer model, IDataView train, IDataView test)
    {
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());
        return (runner.Floats(runner.Run(test), "Score"), model.Transform(test));
    }

    public sealed class VectorRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
