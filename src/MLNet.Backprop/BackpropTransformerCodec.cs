using Microsoft.ML;
using MLNet.Backprop.Integration.Serialization;

namespace MLNet.Backprop;

/// <summary>Writes a <see cref="BackpropTransformer"/> as a segment of the model container: its feature column name,
/// then the network (<see cref="ModelSerializer"/>), with or without the per-epoch training records.</summary>
internal sealed class BackpropTransformerCodec(bool includeEpochs = true) : ICustomTransformerCodec
{
    public static readonly BackpropTransformerCodec Instance = new();

    /// <summary>Leaves the per-epoch records out (the diagnosis, stop reason and kept epoch stay); reads like the other.</summary>
    public static readonly BackpropTransformerCodec WithoutEpochs = new(includeEpochs: false);

    public string Kind => "backprop-mlp";

    public bool CanSave(ITransformer transformer) => transformer is BackpropTransformer;

    public void Save(ITransformer transformer, Stream stream)
    {
        var t = (BackpropTransformer)transformer;
        ModelSize.Check(t.Model, ModelSize.ContainerWeightBytes, "a SaveBackprop file (what LoadBackprop reads back)",
            "Train a smaller network (HiddenLayers) or a smaller ensemble (EnsembleSize), or keep the networks apart.");
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) w.Write(t.FeatureColumnName);
        var m = t.Model;
        ModelSerializer.Write(new SerializedModel(m.Task, m.Loss, m.ClassNames, m.Networks, m.NetworkHistories, m.TargetOffset, m.TargetScale) { Categorical = m.Categorical, Calibration = m.OutputCalibration, SlotNames = m.SlotNames },
            stream, includeEpochs);
    }

    public ITransformer Load(ModelOperationsCatalog models, Stream stream, DataViewSchema inputSchemaAtThisPoint)
    {
        string featureColumn;
        using (var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true)) featureColumn = r.ReadString();
        if (string.IsNullOrWhiteSpace(featureColumn) || featureColumn.Length > 4096)
            throw new InvalidDataException("The MLNet.Backprop segment names no valid feature column.");
        var m = ModelSerializer.Read(stream);
        // Not bound to inputSchemaAtThisPoint here: ContainerReader binds every loaded segment to the schema before it
        // right after this, and a binding reads the data's slot names, tens of milliseconds on a wide FeaturizeText vector.
        return new BackpropTransformer(
            new BackpropModel(m.Task, m.Networks, m.Loss, m.ClassNames, m.History, m.TargetOffset, m.TargetScale, m.Categorical)
            {
                NetworkHistories = m.NetworkHistories,
                OutputCalibration = m.Calibration,
                SlotNames = m.SlotNames,
            },
            featureColumn);
    }
}
