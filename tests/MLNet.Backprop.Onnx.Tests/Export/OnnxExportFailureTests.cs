using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Tests.TestSupport;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>A step ML.NET cannot export fails the call, naming it, and nothing is written: never a silently incomplete
/// graph (ML.NET's converter alone "succeeds" on both of these).</summary>
public class OnnxExportFailureTests
{
    [DataFact]
    public void ConvertToOnnxBackprop_ChurnSampleExpressionLog_FailsNamingTheStep()
    {
        var ml = new MLContext(seed: 0);
        var (train, _) = Telco.Load(ml);
        // The churn sample's featurizer: log(x + 1) through ml.Transforms.Expression.
        var featurizer = ml.Transforms.ReplaceMissingValues("TotalCharges")
            .Append(ml.Transforms.Expression("LogTenure", "x => log(x + 1)", "tenure"))
            .Append(ml.Transforms.Concatenate("Features", "tenure", "TotalCharges", "LogTenure"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        var model = featurizer.Append(ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 })).Fit(train);

        using var stream = new MemoryStream();
        var e = Should.Throw<NotSupportedException>(() => ml.Model.ConvertToOnnxBackprop(model, train, stream));
        e.Message.ShouldContain("Step 1 of the model, ExpressionTransformer (columns LogTenure)");
        stream.Length.ShouldBe(0);
    }

    [DataFact]
    public void ConvertToOnnxBackprop_CustomMappingRewritingColumnInPlace_FailsNamingTheStep()
    {
        var ml = new MLContext(seed: 0);
        var (train, _) = Telco.Load(ml);
        var model = ml.Transforms.CustomMapping<TenureRow, TenureRow>((input, output) => output.tenure = input.tenure / 12f, contractName: null)
            .Append(ml.Transforms.Concatenate("Features", "tenure", "MonthlyCharges"))
            .Append(ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 })).Fit(train);

        string path = Path.Combine(Path.GetTempPath(), $"backprop-{Guid.NewGuid():N}.onnx");
        var e = Should.Throw<NotSupportedException>(() => ml.Model.ConvertToOnnxBackprop(model, train, path));
        e.Message.ShouldContain("Step 0 of the model, CustomMappingTransformer (columns tenure)");
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public void ConvertToOnnxBackprop_FeaturizeText_NamesTheTextFeaturizerAndHowStepsAreCounted()
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new ReviewRow { Review = i % 2 == 0 ? "great taste, will buy" : "stale and bland", Label = i % 2 == 0 }));
        var model = ml.Transforms.Text.FeaturizeText("Features", "Review")
            .Append(ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 })).Fit(data);

        var e = Should.Throw<NotSupportedException>(() => ml.Model.ConvertToOnnxBackprop(model, data, new MemoryStream()));

        // Was "Step 0 of the model, Transformer (columns Features)": the nested class's name alone.
        e.Message.ShouldContain("Step 0 of the model, TextFeaturizingEstimator.Transformer (columns Features)");
        e.Message.ShouldEndWith("(Steps are counted from 0.)");
    }

    private sealed class ReviewRow
    {
        public string Review { get; set; } = "";
        public bool Label { get; set; }
    }

    [DataFact]
    public void ConvertToOnnxBackprop_TwoBackpropTransformers_FailsNamingTheSteps()
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, "binary");
        var first = Datasets.Fit(ml, task, Activation.ReLU);
        var second = (BackpropTransformer)Datasets.Fit(ml, task, Activation.Tanh).LastTransformer;
        var model = first.Append(second);
        var e = Should.Throw<NotSupportedException>(() => ml.Model.ConvertToOnnxBackprop(model, task.Train, new MemoryStream()));
        e.Message.ShouldContain("2 BackpropTransformers");
    }

    [Fact]
    public void ConvertToOnnxBackprop_IntoMissingDirectory_ThrowsNamingTheTargetBeforeExporting()
    {
        var (ml, data, model) = SmallModel();
        string missing = Path.Combine(Path.GetTempPath(), $"backprop-missing-{Guid.NewGuid():N}");
        string path = Path.Combine(missing, "model.onnx");

        // Before: a DirectoryNotFoundException naming the temporary file ".model.onnx.<guid>.tmp", after the export's work.
        var e = Should.Throw<DirectoryNotFoundException>(() => ml.Model.ConvertToOnnxBackprop(model, data, path));
        e.Message.ShouldContain($"'{path}'");
        e.Message.ShouldContain($"'{missing}' does not exist");
        e.Message.ShouldNotContain(".tmp");
    }

    [Fact]
    public void ConvertToOnnxBackprop_IntoADirectoryThatTakesNoNewFile_ThrowsNamingTheTargetBeforeExporting()
    {
        // A model whose export fails (FeaturizeText): the error that comes first shows whether the conversion ran.
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new ReviewRow { Review = i % 2 == 0 ? "great taste" : "stale", Label = i % 2 == 0 }));
        var model = ml.Transforms.Text.FeaturizeText("Features", "Review")
            .Append(ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 })).Fit(data);

        // /proc takes no new file, root included. Before: the whole conversion ran first (here its NotSupportedException;
        // for an exportable model, FileNotFoundException naming '/proc/.model.onnx.<guid>.tmp' after the work).
        var e = Should.Throw<IOException>(() => ml.Model.ConvertToOnnxBackprop(model, data, "/proc/model.onnx"));

        e.Message.ShouldStartWith("Cannot write '/proc/model.onnx': no new file can be created in its directory '/proc'");
    }

    [Fact]
    public void ConvertToOnnxBackprop_ToAReadOnlyStream_ThrowsNamingTheStreamBeforeExporting()
    {
        var (ml, data, model) = SmallModel();

        // Before: NotSupportedException "Stream does not support writing." after the graph was built.
        var e = Should.Throw<ArgumentException>(() => ml.Model.ConvertToOnnxBackprop(model, data, new MemoryStream(new byte[16], writable: false)));
        e.ParamName.ShouldBe("stream");
        e.Message.ShouldContain("not writable");
    }

    /// <summary>A one-epoch binary model on 40 rows of two features: enough to export.</summary>
    private static (MLContext Ml, IDataView Data, ITransformer Model) SmallModel()
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new TwoFeatures { Features = [i % 7, i % 3], Label = i % 2 == 0 }));
        return (ml, data, ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1 }).Fit(data));
    }

    public sealed class TwoFeatures
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class TenureRow
    {
        public float tenure { get; set; }
    }
}
