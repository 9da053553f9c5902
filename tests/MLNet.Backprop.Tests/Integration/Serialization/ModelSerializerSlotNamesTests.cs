using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Serialization;

/// <summary>Format 13's feature slot names: written and read back, absent as none, and a count that is not the feature
/// count refused as damage.</summary>
public class ModelSerializerSlotNamesTests
{
    private static readonly BackpropModel Model = SerializedModels.OnePart(InputPartDescription.Dense(3));

    private static byte[] Bytes(IReadOnlyList<string>? names)
    {
        var m = Model;
        var stream = new MemoryStream();
        ModelSerializer.Write(new SerializedModel(m.Task, m.Loss, m.ClassNames, m.Networks, m.History, m.TargetOffset, m.TargetScale) { SlotNames = names }, stream);
        return stream.ToArray();
    }

    [Fact]
    public void WriteThenRead_SlotNames_SameNamesInOrder()
    {
        ModelSerializer.Read(new MemoryStream(Bytes(["Contract.Two year", "Contract.One year", "X"]))).SlotNames.ShouldBe(["Contract.Two year", "Contract.One year", "X"]);
    }

    [Fact]
    public void WriteThenRead_NoSlotNames_NullAndFourBytes()
    {
        ModelSerializer.Read(new MemoryStream(Bytes(null))).SlotNames.ShouldBeNull();
        Bytes(["a", "b", "c"]).Length.ShouldBe(Bytes(null).Length + 3 * 2); // each name: its length byte and its character
    }

    [Fact]
    public void Read_SlotNameCountOtherThanTheFeatureCount_ThrowsInvalidDataNamingBoth()
    {
        var error = Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(Bytes(["a", "b"]))));

        error.Message.ShouldContain("it has 2 slot names for 3 features");
    }
}
