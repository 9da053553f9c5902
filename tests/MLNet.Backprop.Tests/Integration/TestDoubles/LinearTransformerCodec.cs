using System.Text;
using Microsoft.ML;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Integration.Serialization;

namespace MLNet.Backprop.Tests.Integration.TestDoubles;

/// <summary>Test-only codec for <see cref="LinearTransformer"/>, with switches to fail on purpose.</summary>
internal sealed class LinearTransformerCodec : ICustomTransformerCodec
{
    private const string Magic = "test-linear/1";

    /// <summary>Write part of the segment, then throw (simulates a disk or serialization failure mid-save).</summary>
    public bool FailMidSave { get; init; }

    /// <summary>Throw from Load (simulates a codec bug or an unsupported payload).</summary>
    public bool FailOnLoad { get; init; }

    public string Kind => "test-linear";

    public bool CanSave(ITransformer transformer) => transformer is LinearTransformer;

    public void Save(ITransformer transformer, Stream stream)
    {
        var t = (LinearTransformer)transformer;
        var m = t.Model;
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write((int)m.Kind);
        w.Write(t.FeatureColumnName);
        w.Write(m.OutputCount);
        w.Write(m.FeatureCount);
        if (FailMidSave)
        {
            w.Flush();
            throw new IOException("Simulated failure while writing the model.");
        }
        foreach (float v in m.Weights)
            w.Write(v);
        foreach (float b in m.Bias)
            w.Write(b);
        w.Write(m.ClassNames?.Length ?? -1);
        foreach (var name in m.ClassNames ?? [])
            w.Write(name.ToString());
    }

    public ITransformer Load(ModelOperationsCatalog models, Stream stream, DataViewSchema inputSchemaAtThisPoint)
    {
        if (FailOnLoad)
            throw new InvalidCastException("Simulated codec bug.");
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (r.ReadString() != Magic)
            throw new InvalidDataException("Not a test-linear segment.");
        var kind = (PredictionKind)r.ReadInt32();
        string feature = r.ReadString();
        int outputs = r.ReadInt32(), features = r.ReadInt32();
        if (outputs is < 1 or > 1000 || features is < 1 or > 100_000)
            throw new InvalidDataException("Implausible sizes.");
        var weights = new float[outputs, features];
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < features; i++)
                weights[o, i] = r.ReadSingle();
        }
        var bias = Enumerable.Range(0, outputs).Select(_ => r.ReadSingle()).ToArray();
        int names = r.ReadInt32();
        var classNames = names < 0 ? null : Enumerable.Range(0, names).Select(_ => r.ReadString().AsMemory()).ToArray();
        var transformer = new LinearTransformer(feature, new LinearScorerFactory(kind, weights, bias, classNames));
        transformer.GetOutputSchema(inputSchemaAtThisPoint); // validates that the schema fits, as a real codec should
        return transformer;
    }
}
