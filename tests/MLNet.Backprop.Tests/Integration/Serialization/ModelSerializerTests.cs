using Microsoft.ML;
using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Serialization;

/// <summary>The network's own binary format, under the model container: versioned and checked on read.</summary>
public class ModelSerializerTests
{
    private static BackpropModel TrainedModel()
    {
        var ml = new MLContext(seed: 1);
        var mapper = ml.Transforms.Conversion.MapValueToKey("Key", "Class");
        var data = mapper.Fit(Tabular.Load(ml, 100, 1)).Transform(Tabular.Load(ml, 100, 1));
        return new BackpropTrainer(ml, new BackpropTrainer.Options { LabelColumnName = "Key", HiddenLayers = [6, 5], NumberOfEpochs = 2, Dropout = 0.1f, Activation = Activation.LeakyReLU })
            .Fit(data).Model;
    }

    private static byte[] Bytes(BackpropModel model)
    {
        var stream = new MemoryStream();
        ModelSerializer.Write(new SerializedModel(model.Task, model.Loss, model.ClassNames, model.Network, model.History), stream);
        return stream.ToArray();
    }

    [Fact]
    public void WriteThenRead_SameArchitectureWeightsClassesAndHistory()
    {
        var model = TrainedModel();
        var copy = ModelSerializer.Read(new MemoryStream(Bytes(model)));
        copy.Task.ShouldBe(model.Task);
        copy.Loss.ShouldBe(model.Loss);
        copy.ClassNames.ShouldBe(model.ClassNames);
        copy.Network.Layers.Select(l => (l.InputSize, l.OutputSize, l.Activation, l.DropoutRate))
            .ShouldBe(model.Network.Layers.Select(l => (l.InputSize, l.OutputSize, l.Activation, l.DropoutRate)));
        for (int i = 0; i < model.Network.Parameters.Count; i++) copy.Network.Parameters[i].Values.ShouldBe(model.Network.Parameters[i].Values);
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
        w.Write(int.MaxValue); // layers
        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(stream.ToArray()))).Message.ShouldContain("layer count");
        _ = bytes;
    }
}
