using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Integration.Serialization;

/// <summary>Format 6's piecewise-linear input part: stored with its bin edges, checked on read.</summary>
public class ModelSerializerPiecewiseLinearTests
{
    // Feature 0 has three bins (edges 0, 1, 2, 4), feature 1 is constant (one edge), feature 2 has one bin.
    private static readonly QuantileBins Bins = new([[0f, 1f, 2f, 4f], [3f], [-1f, 1f]]);

    private static BackpropModel Model() => SerializedModels.OnePart(InputPartDescription.PiecewiseLinear(Bins));

    private static byte[] Bytes(BackpropModel model) => SerializedModels.Bytes(model);

    // The part's settings: per feature its edge count, then its edges.
    private const int VersionAt = SerializedModels.VersionAt, EdgesAt = SerializedModels.PartSettingsAt;

    [Fact]
    public void WriteThenRead_PiecewiseLinearInput_SameEdgesWeightsAndScores()
    {
        var model = Model();
        var copy = ModelSerializer.Read(new MemoryStream(Bytes(model))).Networks.Single();

        var part = copy.Input.Describe().ShouldHaveSingleItem();
        part.Kind.ShouldBe(InputKind.PiecewiseLinear);
        for (int f = 0; f < 3; f++) part.Bins!.Edges(f).ToArray().ShouldBe(Bins.Edges(f).ToArray());
        for (int i = 0; i < model.Network.Parameters.Count; i++) copy.Parameters[i].Values.ShouldBe(model.Network.Parameters[i].Values);
        var rows = TestData.Normal(12, 9, scale: 2f);
        var (a, b) = (new float[4], new float[4]);
        model.Network.Predict(rows, a, 4);
        copy.Predict(rows, b, 4);
        b.ShouldBe(a);
    }

    [Fact]
    public void Read_EdgesThatDoNotIncrease_ThrowsNamingThePart()
    {
        var bytes = Bytes(Model());
        BitConverter.ToInt32(bytes, EdgesAt).ShouldBe(4); // feature 0's edge count
        BitConverter.GetBytes(0f).CopyTo(bytes, EdgesAt + 4 + 4); // its second edge 1 → 0, equal to the first

        var e = Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes)));

        e.Message.ShouldContain("input part 0");
        e.Message.ShouldContain("do not increase");
    }

    [Fact]
    public void Read_PiecewiseLinearPartInAVersion5File_ThrowsAsDamaged()
    {
        var bytes = Bytes(Model());
        BitConverter.GetBytes(5).CopyTo(bytes, VersionAt);

        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain("format version 5 does not have");
    }

    [Fact]
    public void Read_HugeEdgeCount_ThrowsWithoutAllocating()
    {
        var bytes = Bytes(Model());
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, EdgesAt);

        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain("edge count");
    }
}
