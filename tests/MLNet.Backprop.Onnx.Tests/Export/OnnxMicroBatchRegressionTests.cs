using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>A regression trained in the micro-batch mode (the mode a cluster runs) stores its label map as an in-memory
/// model does (TargetOffset, TargetScale): the ONNX export and ml.Model.Save carry it unchanged in format, and both score
/// in label units as the ML.NET pipeline does (within ONNX Runtime's rounding).</summary>
public class OnnxMicroBatchRegressionTests
{
    private static (MLContext Ml, Datasets.Task Task, TransformerChain<ITransformer> Model) Fit()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "regression");
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = task.Label, HiddenLayers = [16], MicroBatchSize = 8, BatchSize = 32, NumberOfEpochs = 8, LearningRate = 3e-3f, Seed = 1,
            NumberOfThreads = 1,
        };
        var model = (TransformerChain<ITransformer>)task.Featurizer.Append(task.Trainer(ml, options)).Fit(task.Train);
        var backprop = (BackpropTransformer)model.LastTransformer;
        backprop.Model.TargetScale.ShouldNotBe(1f); // medv's deviation, about 9
        backprop.Model.TargetOffset.ShouldBeInRange(15f, 30f); // medv's mean, about 22.5
        return (ml, task, model);
    }

    [DataFact]
    public void ConvertToOnnxBackprop_MicroBatchRegression_OnnxRuntimeMatchesPipelineInLabelUnits()
    {
        var (ml, task, model) = Fit();
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, task.Train, bytes);

        using var runner = new OnnxRunner(bytes.ToArray());
        float[] expected = Columns.Floats(model.Transform(task.Test), "Score");
        Columns.MaxAbsDifference(runner.Floats(runner.Run(task.Test), "Score"), expected).ShouldBeLessThanOrEqualTo(1e-5);
        expected.Average().ShouldBeInRange(15f, 30f); // label units
    }

    /// <summary>ml.Model.Save stores the pipeline as ONNX (the loaded model runs on ONNX Runtime, not on the library):
    /// within the round trip's 1e-5, as <c>ModelSaveLoadTests</c> finds for an in-memory model.</summary>
    [DataFact]
    public void ModelSave_MicroBatchRegression_LoadedModelScoresLikeThePipelineInLabelUnits()
    {
        var (ml, task, model) = Fit();
        using var stream = new MemoryStream();
        ml.Model.Save(model, task.Train.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out _);

        Columns.MaxAbsDifference(Columns.Floats(loaded.Transform(task.Test), "Score"), Columns.Floats(model.Transform(task.Test), "Score"))
            .ShouldBeLessThanOrEqualTo(1e-5);
    }
}
