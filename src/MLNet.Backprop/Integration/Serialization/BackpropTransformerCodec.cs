using Microsoft.ML;
using MLNet.Backprop.Integration;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>Writes a <see cref="BackpropTransformer"/> as a segment of the model container: its feature column name,
/// then the network (<see cref="ModelSerializer"/>).</summary>
internal sealed class BackpropTransformerCodec : ICustomTransformerCodec
{
    public static readonly BackpropTransformerCodec Instance = new();

    public string Kind => "backprop-mlp";

    public bool CanSave(ITransformer transformer) => transformer is BackpropTransformer;

    public void Save(ITransformer transformer, Stream stream)
    {
        var t = (BackpropTransformer)transformer;
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) w.Write(t.FeatureColumnName);
        ModelSerializer.Write(t.Model, stream);
    }

    public ITransformer Load(ModelOperationsCatalog models, Stream stream, DataViewSchema inputSchemaAtThisPoint)
    {
        string featureColumn;
        using (var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true)) featureColumn = r.ReadString();
        if (string.IsNullOrWhiteSpace(featureColumn) || featureColumn.Length > 4096)
            throw new InvalidDataException("The MLNet.Backprop segment names no valid feature column.");
        var transformer = new BackpropTransformer(ModelSerializer.Read(stream), featureColumn);
        transformer.GetOutputSchema(inputSchemaAtThisPoint); // the saved pipeline must still fit together
        return transformer;
    }
}
