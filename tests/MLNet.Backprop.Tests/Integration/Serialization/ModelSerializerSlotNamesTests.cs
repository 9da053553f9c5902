using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Serialization;

/// <summary>Format 13's feature slot names: written and read back, absent as none, and a count that is not the feature
/// count, is negative or exceeds the bytes left refused as damage, naming what is wrong.</summary>
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

    [Theory]
    [InlineData(-1, "the slot name count is -1")]
    [InlineData(int.MaxValue, "it has 2147483647 slot names for 3 features")]
    public void Read_CorruptSlotNameCount_ThrowsInvalidDataNamingIt(int count, string expected)
    {
        var bytes = Bytes(["a", "b", "c"]);
        BitConverter.GetBytes(count).CopyTo(bytes, Bytes(null).Length - 4); // the count: where a file without names ends

        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain(expected);
    }

    [Fact]
    public void Read_SlotNamesCutShort_ThrowsInvalidDataSayingTruncated()
    {
        var bytes = Bytes(["a", "b", "c"])[..^4]; // the count (3) and one name's length byte and character left

        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain("the slot names are truncated: 3 names declared, 2 bytes left");
    }
}
