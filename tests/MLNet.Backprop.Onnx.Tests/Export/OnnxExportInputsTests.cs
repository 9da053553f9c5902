using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Tests.TestSupport;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>What goes into the graph and what a consumer must send: columns ONNX cannot carry, the scoring-only
/// export (no label input), non-finite features (NaN scores, as documented), and models too large for the format.</summary>
public class OnnxExportInputsTests
{
    public sealed class Charges
    {
        public float MonthlyCharges { get; set; }
    }

    public sealed class Signed
    {
        public DateTime SignedOn { get; set; }
    }

    private static IDataView WithDate(MLContext ml, IDataView data) =>
        ml.Transforms.CustomMapping<Charges, Signed>((i, o) => o.SignedOn = new DateTime(2020, 1, 1), contractName: null).Fit(data).Transform(data);

    [DataFact]
    public void ConvertToOnnxBackprop_UnusedDateTimeColumn_LeftOutOfTheInputs()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "binary");
        var model = Datasets.Fit(ml, task, Activation.Tanh, hidden: [4]);
        using var bytes = new MemoryStream();
        // Was: "Step 0 of the model, ValueToKeyMappingTransformer ... cannot be exported" (the converter failed on the column).
        ml.Model.ConvertToOnnxBackprop(model, WithDate(ml, task.Train), bytes);
        using var runner = new OnnxRunner(bytes.ToArray());
        runner.Inputs.Keys.ShouldNotContain("SignedOn");
        runner.Floats(runner.Run(task.Test), "Probability").ShouldAllBe(p => p >= 0 && p <= 1);
    }

    [DataFact]
    public void ConvertToOnnxBackprop_DateTimeColumnAStepReads_NamesTheColumnAndTheStep()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "binary");
        var data = WithDate(ml, task.Train);
        var model = ml.Transforms.CopyColumns("SignedCopy", "SignedOn").Append(task.Featurizer)
            .Append(ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 })).Fit(data);
        var error = Should.Throw<NotSupportedException>(() => ml.Model.ConvertToOnnxBackprop(model, data, new MemoryStream()));
        error.Message.ShouldContain("Column 'SignedOn' of the input data is DateTime");
        error.Message.ShouldContain("step 0 of the model, ColumnCopyingTransformer, reads it");
    }

    [DataFact]
    public void ConvertToOnnxBackprop_ScoringOnlyWithTheLabelMappedInThePipeline_NeedsNoLabelAndScoresTheSame()
    {
        var ml = new MLContext(seed: 0);
        var (train, test) = Telco.Load(ml);
        var model = ml.Transforms.Conversion.MapValueToKey("ContractKey", "Contract")
            .Append(ml.Transforms.Categorical.OneHotEncoding("Internet", "InternetService"))
            .Append(ml.Transforms.Concatenate("Features", "Internet", "tenure", "MonthlyCharges"))
            .Append(ml.MulticlassClassification.Trainers.Backprop(new BackpropTrainer.Options { LabelColumnName = "ContractKey", HiddenLayers = [4], NumberOfEpochs = 2 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedContract", "PredictedLabel"))
            .Fit(train);
        using var full = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, full);
        using var scoring = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, scoring, scoringOnly: true);

        using var all = new OnnxRunner(full.ToArray());
        using var lean = new OnnxRunner(scoring.ToArray());
        all.Inputs.Keys.ShouldContain("Contract"); // ML.NET's converter: the label's source is an input
        lean.Inputs.Keys.ShouldBe(["InternetService", "tenure", "MonthlyCharges"], ignoreOrder: true);
        lean.Outputs.Keys.Where(k => k.EndsWith(".output")).ShouldBe(["Score.output", "PredictedLabel.output", "PredictedContract.output"], ignoreOrder: true);
        var leanOutputs = lean.Run(test);
        lean.Floats(leanOutputs, "Score").ShouldBe(all.Floats(all.Run(test), "Score"));
        ((string[])leanOutputs["PredictedContract.output"]).ShouldBe(Columns.Strings(model.Transform(test), "PredictedContract"));
    }

    [DataFact]
    public void ConvertToOnnxBackprop_InfiniteOrNaNFeature_NaNScoresAsDocumented()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "binary");
        var model = Datasets.Fit(ml, task, Activation.Tanh, hidden: [4]);
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, task.Train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());
        foreach (float bad in new[] { float.PositiveInfinity, float.NegativeInfinity, float.NaN })
        {
            var data = ml.Transforms.CustomMapping<Charges, Charges>((i, o) => o.MonthlyCharges = bad, contractName: null).Fit(task.Test).Transform(task.Test);
            var outputs = runner.Run(data);
            // Was a finite score and a label for +∞ (tanh saturates).
            runner.Floats(outputs, "Score").ShouldAllBe(s => float.IsNaN(s));
            runner.Floats(outputs, "Probability").ShouldAllBe(p => float.IsNaN(p));
            runner.Floats(outputs, "PredictedLabel").ShouldAllBe(l => l == 0f);
        }
        // Finite features score exactly as before the guard nodes: x + 0·x is x.
        Columns.MaxAbsDifference(runner.Floats(runner.Run(task.Test), "Score"), Columns.Floats(model.Transform(task.Test), "Score")).ShouldBeLessThan(1e-5);
    }

    [DataFact]
    public void Export_ModelLargerThanTheFormatHolds_RefusedBeforeWritingAndTheOldFileKept()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "binary");
        var model = Datasets.Fit(ml, task, Activation.Tanh, hidden: [4]);
        string path = Path.Combine(Path.GetTempPath(), $"too-large-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "the previous file");
        ModelSize.LimitForTests.Value = 100; // the tests cannot train gigabytes: the limit comes down instead
        try
        {
            var onnx = Should.Throw<NotSupportedException>(() => ml.Model.ConvertToOnnxBackprop(model, task.Train, path));
            onnx.Message.ShouldContain("an ONNX file (protobuf limits a model to 2 GB) holds at most 100 bytes of weights");
            File.ReadAllText(path).ShouldBe("the previous file");
            Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.*").ShouldBeEmpty();

            var save = Should.Throw<NotSupportedException>(() => ml.Model.Save(model, task.Train.Schema, new MemoryStream()));
            save.Message.ShouldContain("ml.Model.Save's format");
        }
        finally
        {
            ModelSize.LimitForTests.Value = null;
            File.Delete(path);
        }
    }
}
