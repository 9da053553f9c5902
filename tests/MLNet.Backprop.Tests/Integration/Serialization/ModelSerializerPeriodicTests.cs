using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Integration.Serialization;

/// <summary>The periodic input part: stored with its settings, its embedded slots (format 8) and map, checked on read;
/// format 7 files (every slot embedded) still read.</summary>
public class ModelSerializerPeriodicTests
{
    private static readonly PeriodicFeatures Settings = new PeriodicFeatures(3, frequencies: 4, width: 2, scale: 0.3f).WithMap([1f, -2f, 0f], [0.5f, 2f, 1f]);

    // Slot 1 passes through.
    private static readonly PeriodicFeatures MixedSettings =
        new PeriodicFeatures(3, frequencies: 4, width: 2, scale: 0.3f, embedded: [0, 2]).WithMap([1f, -2f, 0f], [0.5f, 2f, 1f]);

    private static BackpropModel Model(PeriodicFeatures? settings = null) => SerializedModels.OnePart(InputPartDescription.Periodic(settings ?? Settings));

    private static byte[] Bytes(BackpropModel model) => SerializedModels.Bytes(model);

    // The part's settings: k, d, σ, the embedded slots' count and the slots, then per embedded feature offset and scale.
    private const int VersionAt = SerializedModels.VersionAt, SettingsAt = SerializedModels.PartSettingsAt;
    private const int MaskAt = SettingsAt + 12, MapAt = MaskAt + 4 + 3 * 4; // with every one of the 3 slots embedded
    private const int ClipFlagAt = MapAt + 3 * 2 * 4; // after the map: whether a robust scaling follows (format 11)

    [Fact]
    public void WriteThenRead_PeriodicInput_SameSettingsWeightsAndScores()
    {
        var model = Model();
        var copy = ModelSerializer.Read(new MemoryStream(Bytes(model))).Networks.Single();

        var part = copy.Input.Describe().ShouldHaveSingleItem();
        part.Kind.ShouldBe(InputKind.Periodic);
        part.PeriodicSettings!.Frequencies.ShouldBe(4);
        part.PeriodicSettings.Width.ShouldBe(2);
        part.PeriodicSettings.Scale.ShouldBe(0.3f);
        part.PeriodicSettings.Offsets.ShouldBe(Settings.Offsets);
        part.PeriodicSettings.InverseScales.ShouldBe(Settings.InverseScales);
        copy.Parameters.Count.ShouldBe(model.Network.Parameters.Count);
        for (int i = 0; i < model.Network.Parameters.Count; i++) copy.Parameters[i].Values.ShouldBe(model.Network.Parameters[i].Values);
        ShouldScoreAlike(model.Network, copy);
    }

    [Fact]
    public void Read_ZeroInverseScale_ThrowsNamingThePart()
    {
        var bytes = Bytes(Model());
        BitConverter.ToInt32(bytes, SettingsAt).ShouldBe(4); // k
        BitConverter.GetBytes(0f).CopyTo(bytes, MapAt + 4); // feature 0's inverse scale

        var e = Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes)));

        e.Message.ShouldContain("input part 0");
        e.Message.ShouldContain("scale");
    }

    [Fact]
    public void Read_WidthThatDoesNotMatchTheRows_ThrowsAsDamaged()
    {
        var bytes = Bytes(Model());
        BitConverter.GetBytes(3).CopyTo(bytes, SettingsAt + 4); // d = 3, but the part feeds 3 × 2 rows

        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain("input part 0");
    }

    [Fact]
    public void Read_PeriodicPartInAVersion6File_ThrowsAsDamaged()
    {
        var bytes = Bytes(Model());
        BitConverter.GetBytes(6).CopyTo(bytes, VersionAt);

        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain("format version 6 does not have");
    }

    [Fact]
    public void Read_HugeFrequencyCount_ThrowsWithoutAllocating()
    {
        var bytes = Bytes(Model());
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, SettingsAt);

        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain("frequency count");
    }

    [Fact]
    public void WriteThenRead_MixedMask_SameMaskAndScores()
    {
        var model = Model(MixedSettings);
        var copy = ModelSerializer.Read(new MemoryStream(Bytes(model))).Networks.Single();

        var settings = copy.Input.Describe().ShouldHaveSingleItem().PeriodicSettings!;
        settings.Embedded.ShouldBe([0, 2]);
        settings.PassThrough.ShouldBe([1]);
        settings.Offsets.ShouldBe([1f, 0f]);
        copy.Layers[0].InputSize.ShouldBe(2 * 2 + 1);
        ShouldScoreAlike(model.Network, copy);
    }

    [Fact]
    public void Read_Version7File_EverySlotEmbedded()
    {
        // Format 7 wrote no mask: the same bytes without the count and the slots.
        var model = Model();
        var bytes = Bytes(model).ToList();
        BitConverter.ToInt32(bytes.ToArray(), MaskAt).ShouldBe(3);
        bytes.RemoveAt(ClipFlagAt); // format 11's "no robust scaling"
        bytes.RemoveRange(MaskAt, 4 + 3 * 4);
        var old = bytes.ToArray();
        old = SerializedModels.AsVersion(old, 7);

        var copy = ModelSerializer.Read(new MemoryStream(old)).Networks.Single();

        var settings = copy.Input.Describe().Single().PeriodicSettings!;
        settings.Embedded.ShouldBe([0, 1, 2]);
        settings.InverseScales.ShouldBe(Settings.InverseScales);
        ShouldScoreAlike(model.Network, copy);
    }

    [Fact]
    public void Read_Version10File_NoRobustScaling()
    {
        // Format 10 wrote no flag after the map: the same bytes without it.
        var model = Model();
        var bytes = Bytes(model).ToList();
        bytes[ClipFlagAt].ShouldBe((byte)0);
        bytes.RemoveAt(ClipFlagAt);
        var old = bytes.ToArray();
        old = SerializedModels.AsVersion(old, 10);

        var copy = ModelSerializer.Read(new MemoryStream(old)).Networks.Single();

        copy.Input.Describe().Single().Clip.ShouldBeNull();
        ShouldScoreAlike(model.Network, copy);
    }

    [Fact]
    public void Write_RobustScaling_ReadsBackTheClipAndScoresAlike()
    {
        var clip = new RobustClip([0.5f, -1f, 2f], [2f, 0.25f, 0f]);
        var model = SerializedModels.OnePart(InputPartDescription.Periodic(Settings) with { Clip = clip });
        var bytes = Bytes(model);
        bytes[ClipFlagAt].ShouldBe((byte)1);

        var copy = ModelSerializer.Read(new MemoryStream(bytes)).Networks.Single();

        var read = copy.Input.Describe().Single().Clip!;
        read.Centers.ToArray().ShouldBe(clip.Centers.ToArray());
        read.InverseScales.ToArray().ShouldBe(clip.InverseScales.ToArray());
        ShouldScoreAlike(model.Network, copy);
    }

    [Theory]
    [InlineData(2, 3)] // a slot beyond the 3 read
    [InlineData(1, 0)] // not increasing
    public void Read_DamagedMask_ThrowsNamingThePart(int at, int slot)
    {
        var bytes = Bytes(Model());
        BitConverter.GetBytes(slot).CopyTo(bytes, MaskAt + 4 + 4 * at);

        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain("input part 0");
    }

    [Fact]
    public void Read_MaskCountBeyondTheSlots_ThrowsWithoutAllocating()
    {
        var bytes = Bytes(Model());
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, MaskAt);

        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain("embedded slot count");
    }

    private static void ShouldScoreAlike(NeuralNetwork original, NeuralNetwork copy)
    {
        var rows = TestData.Normal(12, 9, scale: 2f);
        var (a, b) = (new float[4], new float[4]);
        original.Predict(rows, a, 4);
        copy.Predict(rows, b, 4);
        b.ShouldBe(a);
    }
}
