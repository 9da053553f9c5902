using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Activations;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Network;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Integration.Serialization;

/// <summary>The network's own binary format, under the model container: versioned and checked on read.</summary>
public class ModelSerializerTests
{
    private static BackpropModel TrainedModel()
    {
        var ml = new MLContext(seed: 1);
        var mapper = ml.Transforms.Conversion.MapValueToKey("Key", "Class");
        var data = mapper.Fit(Tabular.Load(ml, 100, 1)).Transform(Tabular.Load(ml, 100, 1));
        return new BackpropTrainer(ml, new BackpropTrainer.Options
            {
                LabelColumnName = "Key", HiddenLayers = [6, 5], NumberOfEpochs = 2, Dropout = 0.1f, Activation = Activation.LeakyReLU,
                NumericEncoding = NumericEncoding.None, // the tests rewrite its one dense input part and the formats before the periodic one
            })
            .Fit(data).Model;
    }

    private static byte[] Bytes(BackpropModel model) => SerializedModels.Bytes(model);

    [Fact]
    public void WriteThenRead_SameArchitectureWeightsClassesAndHistory()
    {
        var model = TrainedModel();
        var copy = ModelSerializer.Read(new MemoryStream(Bytes(model)));
        copy.Task.ShouldBe(model.Task);
        copy.Loss.ShouldBe(model.Loss);
        copy.ClassNames.ShouldBe(model.ClassNames);
        copy.Networks.Count.ShouldBe(Defaults.EnsembleSize);
        for (int n = 0; n < model.Networks.Count; n++)
        {
            copy.Networks[n].Layers.Select(l => (l.InputSize, l.OutputSize, l.Activation, l.DropoutRate))
                .ShouldBe(model.Networks[n].Layers.Select(l => (l.InputSize, l.OutputSize, l.Activation, l.DropoutRate)));
            for (int i = 0; i < model.Network.Parameters.Count; i++) copy.Networks[n].Parameters[i].Values.ShouldBe(model.Networks[n].Parameters[i].Values);
        }
        copy.History.Epochs.Select(e => e.TrainingLoss).ShouldBe(model.History.Epochs.Select(e => e.TrainingLoss));
    }

    [Fact]
    public void Read_NewerFormatVersion_ThrowsSayingUpgrade()
    {
        var bytes = Bytes(TrainedModel());
        BitConverter.GetBytes(ModelSerializer.FormatVersion + 1).CopyTo(bytes, 8); // right after the 8-byte magic tag
        var ex = Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes)));
        ex.Message.ShouldContain($"version {ModelSerializer.FormatVersion + 1}");
        ex.Message.ShouldContain("Upgrade MLNet.Backprop");
    }

    [Fact]
    public void Read_TruncatedAnywhere_ThrowsInvalidData()
    {
        var bytes = Bytes(TrainedModel());
        for (int length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 300))
            Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes, 0, length)), $"length {length}");
    }

    [Fact]
    public void Read_ForeignBytes_ThrowsInvalidData()
    {
        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream("PK\u0003\u0004 not a network"u8.ToArray())))
            .Message.ShouldContain("magic");
    }

    [Fact]
    public void Read_HugeDeclaredLayerCount_ThrowsWithoutAllocating()
    {
        var bytes = Bytes(TrainedModel());
        var stream = new MemoryStream();
        var w = new BinaryWriter(stream);
        w.Write("MLNBPMLP"u8.ToArray());
        w.Write(ModelSerializer.FormatVersion);
        w.Write((int)BackpropTask.Regression);
        w.Write((int)LossFunction.MeanSquaredError);
        w.Write(0);          // class names
        w.Write(1);          // networks
        w.Write(1);          // input parts
        w.Write(0); w.Write(3); w.Write(3); // one dense block of 3 values
        w.Write(int.MaxValue); // layers
        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(stream.ToArray()))).Message.ShouldContain("layer count");
        _ = bytes;
    }

    [Fact]
    public void WriteThenRead_EnsembleWithTargetScaling_SameNetworksAndScaling()
    {
        var model = Ensemble(offset: 150f, scale: 77f);
        var copy = ModelSerializer.Read(new MemoryStream(Bytes(model)));
        copy.Networks.Count.ShouldBe(2);
        for (int n = 0; n < 2; n++)
            for (int i = 0; i < model.Networks[n].Parameters.Count; i++)
                copy.Networks[n].Parameters[i].Values.ShouldBe(model.Networks[n].Parameters[i].Values);
        (copy.TargetOffset, copy.TargetScale).ShouldBe((150f, 77f));
    }

    [Fact]
    public void Score_Ensemble_IsTheMeanOfTheNetworksThenTheTargetScaling()
    {
        var model = Ensemble(offset: 150f, scale: 77f);
        float[] x = [0.5f, -1f, 2f];
        float Output(int n) { var y = new float[1]; model.Networks[n].Predict(x, y, 1); return y[0]; }
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new Row { Features = x }]);
        float score = new BackpropTransformer(model, "Features").Transform(data).GetColumn<float>("Score").Single();
        score.ShouldBe((Output(0) + Output(1)) / 2 * 77f + 150f, 1e-4f);
    }

    [Fact]
    public void Write_WithoutEpochs_KeepsDiagnosisStopReasonAndKeptEpoch()
    {
        var model = TrainedModel();
        model.History.Diagnosis = new TrainingDiagnosis([new Finding
        {
            Kind = FindingKind.Overfitting, Severity = FindingSeverity.Info, Epoch = 2, Message = "m", Advice = "a",
            Evidence = new Dictionary<string, double> { ["Ratio"] = double.NaN },
        }]);
        var stream = new MemoryStream();
        ModelSerializer.Write(new SerializedModel(model.Task, model.Loss, model.ClassNames, model.Networks, model.History, 0f, 1f), stream, includeEpochs: false);
        var copy = ModelSerializer.Read(new MemoryStream(stream.ToArray()));
        copy.History.Epochs.ShouldBeEmpty();
        (copy.History.BestEpoch, copy.History.StopReason).ShouldBe((model.History.BestEpoch, model.History.StopReason));
        copy.History.Diagnosis.Findings.Single().ToString().ShouldBe(model.History.Diagnosis.Findings.Single().ToString());
        double.IsNaN(copy.History.Diagnosis.Findings.Single().Evidence["Ratio"]).ShouldBeTrue();
        stream.Length.ShouldBeLessThan(Bytes(model).Length);
    }

    [Fact]
    public void Read_Version1File_LoadsAsOneNetworkWithoutScaling()
    {
        var model = TrainedModel();
        var stream = new MemoryStream();
        var w = new BinaryWriter(stream);
        w.Write("MLNBPMLP"u8.ToArray());
        w.Write(1);
        w.Write((int)model.Task);
        w.Write((int)model.Loss);
        w.Write(model.ClassNames!.Count);
        foreach (var name in model.ClassNames) w.Write(name);
        w.Write(model.Network.Layers.Count);
        foreach (var layer in model.Network.Layers)
        {
            w.Write(layer.InputSize); w.Write(layer.OutputSize); w.Write((int)layer.Activation);
            w.Write(0.01f); w.Write(1f); w.Write(layer.DropoutRate); // format 1: the default slope and α for every layer
            foreach (float v in layer.Weights.Span) w.Write(v);
            foreach (float v in layer.Bias.Span) w.Write(v);
        }
        w.Write("{\"Epochs\":[],\"BestEpoch\":2,\"StopReason\":\"Completed\",\"Elapsed\":\"00:00:01\"}");
        var copy = ModelSerializer.Read(new MemoryStream(stream.ToArray()));
        copy.Networks.Single().Parameters[0].Values.ShouldBe(model.Network.Parameters[0].Values);
        (copy.TargetOffset, copy.TargetScale, copy.History.BestEpoch).ShouldBe((0f, 1f, 2));
    }

    [Fact]
    public void Read_Version2File_LoadsWithOneDenseInputAndTheLayersActivationParameter()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = ActivationSpec.Of(Activation.LeakyReLU, 0.2f, 1f), InputSize = 3, HiddenLayers = [4], Seed = 5 });
        var stream = new MemoryStream();
        var w = new BinaryWriter(stream);
        w.Write("MLNBPMLP"u8.ToArray());
        w.Write(2);
        w.Write((int)BackpropTask.Regression);
        w.Write((int)LossFunction.MeanSquaredError);
        w.Write(0); // class names
        w.Write(1); // networks
        w.Write(network.Layers.Count);
        foreach (var layer in network.Layers)
        {
            w.Write(layer.InputSize); w.Write(layer.OutputSize); w.Write((int)layer.Activation);
            w.Write(0.2f); w.Write(0.7f); w.Write(layer.DropoutRate); // format 2: the options' slope and α, for every layer
            foreach (float v in layer.Weights.Span) w.Write(v);
            foreach (float v in layer.Bias.Span) w.Write(v);
        }
        w.Write(3f); w.Write(2f); w.Write(false); // target offset and scale, no epochs
        w.Write("{\"Epochs\":[],\"BestEpoch\":0,\"StopReason\":\"Completed\",\"Elapsed\":\"00:00:01\"}");

        var copy = ModelSerializer.Read(new MemoryStream(stream.ToArray())).Networks.Single();

        copy.Input.Describe().ShouldBe([InputPartDescription.Dense(3)]);
        copy.Layers[0].Description.Activation.ShouldBe(new ActivationSpec(Activation.LeakyReLU, 0.2f));
        copy.Layers[1].Description.Activation.ShouldBe(new ActivationSpec(Activation.Identity));
        for (int i = 0; i < network.Parameters.Count; i++) copy.Parameters[i].Values.ShouldBe(network.Parameters[i].Values);
    }

    [Theory]
    [InlineData(7, 3, 3, "input kind code 7")]
    [InlineData(0, 3, 2, "cannot feed 2 rows")]
    [InlineData(0, -1, -1, "rows but layer 0 has")] // -1: one value fewer than the features
    public void Read_DamagedInputPart_ThrowsNamingIt(int kind, int slots, int rows, string expected)
    {
        var bytes = Bytes(TrainedModel());
        // The first input part follows the magic tag, version, task, loss, class names and the network count.
        var model = TrainedModel();
        if (slots < 0) (slots, rows) = (model.FeatureCount - 1, model.FeatureCount - 1);
        int at = 8 + 4 + 4 + 4 + 4 + model.ClassNames!.Sum(n => 1 + System.Text.Encoding.UTF8.GetByteCount(n)) + 4 + 4;
        BitConverter.GetBytes(kind).CopyTo(bytes, at);
        BitConverter.GetBytes(slots).CopyTo(bytes, at + 4);
        BitConverter.GetBytes(rows).CopyTo(bytes, at + 8);
        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain(expected);
    }

    private static BackpropModel Ensemble(float offset, float scale)
    {
        NeuralNetwork Member(ulong seed) => NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 3, HiddenLayers = [4], Seed = seed });
        return new BackpropModel(BackpropTask.Regression, [Member(1), Member(2)], LossFunction.MeanSquaredError, null, new TrainingHistory(), offset, scale);
    }

    private sealed class Row
    {
        [Microsoft.ML.Data.VectorType(3)] public float[] Features { get; set; } = [];
    }
}
