using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Models written as <c>SaveBackprop</c> writes them, for the serializer's tests.</summary>
internal static class SerializedModels
{
    /// <summary>Offset of the format version: after the magic tag.</summary>
    public const int VersionAt = 8;

    /// <summary>In a <see cref="OnePart"/> model, offset of the input part's own settings: after the magic tag, version,
    /// task, loss, class names (none), the counts of networks and parts, and the part's kind, slots and rows.</summary>
    public const int PartSettingsAt = 8 + 4 + 4 + 4 + 4 + 4 + 4 + 12;

    /// <summary><paramref name="bytes"/> (a current file without slot names) as a file of format <paramref name="version"/>
    /// (12 or older) writes them: without format 13's slot name count (0) at the end, the version patched.</summary>
    public static byte[] AsVersion(byte[] bytes, int version)
    {
        BitConverter.ToInt32(bytes, bytes.Length - 4).ShouldBe(0);
        var old = bytes[..^4];
        BitConverter.GetBytes(version).CopyTo(old, VersionAt);
        return old;
    }

    /// <summary>The file's bytes.</summary>
    public static byte[] Bytes(BackpropModel model)
    {
        var stream = new MemoryStream();
        ModelSerializer.Write(new SerializedModel(model.Task, model.Loss, model.ClassNames, model.Networks, model.History, model.TargetOffset, model.TargetScale), stream);
        return stream.ToArray();
    }

    /// <summary>A regression model of one network, <paramref name="part"/> its only input part, one hidden layer of 5.</summary>
    public static BackpropModel OnePart(InputPartDescription part) => new(BackpropTask.Regression,
        [NeuralNetwork.Create(new NetworkOptions { InputParts = [part], HiddenLayers = [5], Seed = 4 })],
        LossFunction.MeanSquaredError, null, new TrainingHistory(), 0f, 1f);
}
