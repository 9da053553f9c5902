using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>
/// The binary form of a trained model: a magic tag and version, the task and loss, class names, each
/// layer's shape, activation and weights (little-endian floats), then the training history as JSON.
/// </summary>
/// <remarks>Reading bounds every count before allocating, so a damaged file fails with <see cref="InvalidDataException"/>
/// instead of exhausting memory.</remarks>
internal static class ModelSerializer
{
    private const string Magic = "MLNBPMLP";
    public const int FormatVersion = 1;
    private const int MaxLayers = 1024, MaxClasses = 1 << 20, MaxNameLength = 1 << 16;
    private const long MaxValuesPerLayer = 1L << 28;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(SerializedModel model, Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Encoding.ASCII.GetBytes(Magic));
        w.Write(FormatVersion);
        w.Write((int)model.Task);
        w.Write((int)model.Loss);
        var names = model.ClassNames ?? [];
        w.Write(names.Count);
        foreach (var name in names) w.Write(name);

        var layers = model.Network.Describe();
        w.Write(layers.Count);
        for (int l = 0; l < layers.Count; l++)
        {
            var d = layers[l];
            w.Write(d.Inputs);
            w.Write(d.Outputs);
            w.Write((int)d.Activation);
            w.Write(d.LeakyReluSlope);
            w.Write(d.EluAlpha);
            w.Write(d.Dropout);
            var layer = model.Network.Layers[l];
            foreach (float v in layer.WeightParameter.Values) w.Write(v);
            foreach (float v in layer.BiasParameter.Values) w.Write(v);
        }

        var history = new HistoryData(model.History.Epochs.ToList(), model.History.BestEpoch, model.History.StopReason, model.History.Elapsed);
        w.Write(JsonSerializer.Serialize(history, Json));
    }

    public static SerializedModel Read(Stream stream)
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            string magic = Encoding.ASCII.GetString(r.ReadBytes(Magic.Length));
            if (magic != Magic) throw Invalid("it is not an MLNet.Backprop network (wrong magic tag)");
            int version = r.ReadInt32();
            if (version > FormatVersion)
                throw Invalid($"it was written in network format version {version}; this MLNet.Backprop reads up to {FormatVersion}. Upgrade MLNet.Backprop to load it");
            if (version < 1) throw Invalid($"format version {version} is not valid");
            var task = ReadEnum<BackpropTask>(r, "task");
            var loss = ReadEnum<LossFunction>(r, "loss");
            int classCount = ReadCount(r, MaxClasses, "class count");
            var names = new string[classCount];
            for (int i = 0; i < classCount; i++)
            {
                names[i] = r.ReadString();
                if (names[i].Length > MaxNameLength) throw Invalid($"class name {i} is {names[i].Length} characters long");
            }

            int layerCount = ReadCount(r, MaxLayers, "layer count");
            if (layerCount < 1) throw Invalid("it has no layers");
            var specs = new List<LayerDescription>();
            var values = new List<(float[] Weights, float[] Bias)>();
            int previousOutputs = -1;
            for (int l = 0; l < layerCount; l++)
            {
                int inputs = ReadCount(r, int.MaxValue, $"layer {l} input size");
                int outputs = ReadCount(r, int.MaxValue, $"layer {l} output size");
                if (inputs < 1 || outputs < 1 || (long)inputs * outputs > MaxValuesPerLayer)
                    throw Invalid($"layer {l} has an impossible shape {inputs}×{outputs}");
                if (previousOutputs >= 0 && inputs != previousOutputs)
                    throw Invalid($"layer {l} expects {inputs} inputs but the layer before has {previousOutputs} outputs");
                previousOutputs = outputs;
                var activation = ReadEnum<Activation>(r, $"layer {l} activation");
                float slope = r.ReadSingle(), alpha = r.ReadSingle(), dropout = r.ReadSingle();
                if (!(slope >= 0f && slope < 1f) || !(alpha > 0f) || !float.IsFinite(alpha) || !(dropout >= 0f && dropout < 1f))
                    throw Invalid($"layer {l} has invalid activation or dropout settings");
                specs.Add(new LayerDescription(inputs, outputs, activation, slope, alpha, dropout));
                values.Add((ReadFloats(r, inputs * outputs, $"layer {l} weights"), ReadFloats(r, outputs, $"layer {l} bias")));
            }
            if (task == BackpropTask.MulticlassClassification && classCount != previousOutputs)
                throw Invalid($"it has {classCount} class names for {previousOutputs} outputs");

            var network = NeuralNetwork.FromLayers(specs);
            for (int l = 0; l < layerCount; l++)
            {
                values[l].Weights.CopyTo(network.Layers[l].WeightParameter.Values, 0);
                values[l].Bias.CopyTo(network.Layers[l].BiasParameter.Values, 0);
            }

            var data = JsonSerializer.Deserialize<HistoryData>(r.ReadString(), Json) ?? throw Invalid("the training history is missing");
            var history = new TrainingHistory { BestEpoch = data.BestEpoch, StopReason = data.StopReason, Elapsed = data.Elapsed };
            foreach (var epoch in data.Epochs ?? []) history.Add(epoch);
            if (stream.CanSeek && stream.Position != stream.Length) throw Invalid("there are unexpected bytes after the model");
            return new SerializedModel(task, loss, task == BackpropTask.MulticlassClassification ? names : null, network, history);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"The MLNet.Backprop network data is damaged: {e.Message}", e);
        }
    }

    private static InvalidDataException Invalid(string why) => new($"The MLNet.Backprop network data is damaged or foreign: {why}.");

    private static int ReadCount(BinaryReader r, int max, string what)
    {
        int value = r.ReadInt32();
        if (value < 0 || value > max) throw Invalid($"the {what} is {value}");
        return value;
    }

    private static T ReadEnum<T>(BinaryReader r, string what) where T : struct, Enum
    {
        int value = r.ReadInt32();
        var result = (T)(object)value;
        if (!Enum.IsDefined(result)) throw Invalid($"the {what} code {value} is unknown");
        return result;
    }

    private static float[] ReadFloats(BinaryReader r, int count, string what)
    {
        byte[] bytes = r.ReadBytes(count * sizeof(float));
        if (bytes.Length != count * sizeof(float)) throw Invalid($"the {what} are truncated");
        var values = new float[count];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        foreach (float v in values) if (!float.IsFinite(v)) throw Invalid($"the {what} contain a non-finite value");
        return values;
    }

    private sealed record HistoryData(List<EpochReport>? Epochs, int BestEpoch, StopReason StopReason, TimeSpan Elapsed);
}
