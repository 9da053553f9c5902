using System.Text;
using Microsoft.ML;
using MLNet.Backprop.Calibration;
using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Serialization;

/// <summary>Format 5's probability calibration, format 10's isotonic map, and format 4 (without a calibration) and 9
/// (without an isotonic map) files still read.</summary>
public class ModelSerializerCalibrationTests
{
    private static BackpropModel BinaryModel()
    {
        var ml = new MLContext(seed: 1);
        return new BackpropTrainer(ml, new BackpropTrainer.Options { HiddenLayers = [3], NumberOfEpochs = 2, EnsembleSize = 1, Seed = 2, NumericEncoding = NumericEncoding.None /* rewritten as formats before the periodic part */ })
            .Fit(Tabular.Load(ml, 100, 1)).Model;
    }

    private static byte[] Bytes(BackpropModel model, OutputCalibration? calibration)
    {
        var stream = new MemoryStream();
        ModelSerializer.Write(new SerializedModel(model.Task, model.Loss, model.ClassNames, model.Networks, model.History, model.TargetOffset, model.TargetScale)
        {
            Calibration = calibration,
        }, stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(ProbabilityCalibration.Platt)]
    [InlineData(ProbabilityCalibration.Temperature)]
    [InlineData(ProbabilityCalibration.EqualPriors)]
    public void WriteThenRead_Calibration_SameMethodScaleAndOffsets(ProbabilityCalibration method)
    {
        var copy = ModelSerializer.Read(new MemoryStream(Bytes(BinaryModel(), new OutputCalibration(method, 0.8f, [-1.25f]))));
        copy.Calibration!.Method.ShouldBe(method);
        copy.Calibration.Scale.ShouldBe(0.8f);
        copy.Calibration.Offsets.ShouldBe([-1.25f]);
    }

    [Fact]
    public void Read_Version4File_LoadsWithoutCalibration()
    {
        var model = BinaryModel();
        var bytes = Bytes(model, calibration: null);
        // A version 4 file is the same bytes without the calibration's "absent" flag, just before the history's JSON.
        int json = IndexOf(bytes, Encoding.UTF8.GetBytes("{\"Epochs\""));
        int prefix = 0;
        while ((bytes[json - 1 - prefix - 1] & 0x80) != 0) prefix++; // the 7-bit length ends in its one byte without the high bit
        int flag = json - (prefix + 1) - 1;
        bytes[flag].ShouldBe((byte)0);
        var v4 = bytes.Take(flag).Concat(bytes.Skip(flag + 1)).ToArray();
        v4 = SerializedModels.AsVersion(v4, 4);

        var copy = ModelSerializer.Read(new MemoryStream(v4));

        copy.Calibration.ShouldBeNull();
        copy.Networks[0].Parameters[0].Values.ShouldBe(model.Network.Parameters[0].Values);
        new BackpropModel(copy.Task, copy.Networks, copy.Loss, copy.ClassNames, copy.History, copy.TargetOffset, copy.TargetScale).Calibration
            .ShouldBe(ProbabilityCalibration.None);
    }

    [Fact]
    public void Read_Version11FileWithEqualPriors_ThrowsNamingTheVersion()
    {
        var bytes = Bytes(BinaryModel(), new OutputCalibration(ProbabilityCalibration.EqualPriors, 1f, [2.2f]));
        BitConverter.GetBytes(11).CopyTo(bytes, 8); // right after the 8-byte magic tag
        var ex = Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes)));
        ex.Message.ShouldContain("version 12");
    }

    [Fact]
    public void WriteThenRead_IsotonicCalibration_SameKnotsAndValues()
    {
        var map = new IsotonicMap([-2f, 0.5f, 3f], [0.05f, 0.3f, 0.9f]);
        var copy = ModelSerializer.Read(new MemoryStream(Bytes(BinaryModel(), new OutputCalibration(ProbabilityCalibration.Isotonic, 1f, [0f]) { Isotonic = map })));
        copy.Calibration!.Method.ShouldBe(ProbabilityCalibration.Isotonic);
        copy.Calibration.Isotonic!.Knots.ShouldBe(map.Knots);
        copy.Calibration.Isotonic.Values.ShouldBe(map.Values);
    }

    [Fact]
    public void Read_Version9File_LoadsTheAffineCalibration()
    {
        var bytes = Bytes(BinaryModel(), new OutputCalibration(ProbabilityCalibration.Platt, 0.8f, [-1.25f]));
        // A version 9 file is the same bytes without the isotonic knot count (0), just before the history's JSON.
        int json = IndexOf(bytes, Encoding.UTF8.GetBytes("{\"Epochs\""));
        int prefix = 0;
        while ((bytes[json - 1 - prefix - 1] & 0x80) != 0) prefix++;
        int count = json - (prefix + 1) - 4;
        BitConverter.ToInt32(bytes, count).ShouldBe(0);
        var v9 = bytes.Take(count).Concat(bytes.Skip(count + 4)).ToArray();
        v9 = SerializedModels.AsVersion(v9, 9);

        var copy = ModelSerializer.Read(new MemoryStream(v9));

        copy.Calibration!.Method.ShouldBe(ProbabilityCalibration.Platt);
        copy.Calibration.Scale.ShouldBe(0.8f);
        copy.Calibration.Isotonic.ShouldBeNull();
    }

    [Theory]
    [InlineData(new[] { 1f, 0f }, new[] { 0.2f, 0.4f }, "knots are not finite and increasing")]
    [InlineData(new[] { 0f, 1f }, new[] { 0.4f, 0.2f }, "values are not non-decreasing inside (0, 1)")]
    [InlineData(new[] { 0f, 1f }, new[] { 0f, 0.2f }, "values are not non-decreasing inside (0, 1)")]
    public void Read_DamagedIsotonicCalibration_ThrowsNamingIt(float[] knots, float[] values, string expected)
    {
        var calibration = new OutputCalibration(ProbabilityCalibration.Isotonic, 1f, [0f]) { Isotonic = new IsotonicMap(knots, values) };
        var ex = Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(Bytes(BinaryModel(), calibration))));
        ex.Message.ShouldContain(expected);
    }

    [Theory]
    [InlineData(-1f, 0f, "scale -1")]
    [InlineData(1f, float.NaN, "offset")]
    public void Read_DamagedCalibration_ThrowsNamingIt(float scale, float offset, string expected)
    {
        var bytes = Bytes(BinaryModel(), new OutputCalibration(ProbabilityCalibration.PriorCorrection, scale, [offset]));
        var ex = Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes)));
        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void Read_CalibrationWithWrongOffsetCount_Throws()
    {
        var bytes = Bytes(BinaryModel(), new OutputCalibration(ProbabilityCalibration.PriorCorrection, 1f, [0f, 1f]));
        Should.Throw<InvalidDataException>(() => ModelSerializer.Read(new MemoryStream(bytes))).Message.ShouldContain("2 offsets for 1 outputs");
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        throw new InvalidOperationException("not found");
    }
}
