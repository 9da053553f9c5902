using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>
/// A real saved pipeline (normaliser + MLP), damaged in every way we can think of: each case throws
/// <see cref="InvalidDataException"/> with a message, or (a flip in bytes the format ignores) loads a model that scores
/// exactly like the original. Never another exception, never a model that scores differently.
/// </summary>
public class DamagedModelFileTests
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly IDataView _test;
    private readonly byte[] _bytes;
    private readonly float[] _expected;

    public DamagedModelFileTests()
    {
        var data = Tabular.Load(_ml, 300, 1);
        var model = _ml.Transforms.NormalizeMeanVariance("Features")
            .Append(new BackpropTrainer(_ml, new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, Seed = 1 }))
            .Fit(data);
        var stream = new MemoryStream();
        _ml.Model.SaveBackprop(model, data.Schema, stream);
        _bytes = stream.ToArray();
        _test = Tabular.Load(_ml, 50, 2);
        _expected = model.Transform(_test).GetColumn<float>("Probability").ToArray();
    }

    [Fact]
    public void Load_SampledByteFlips_InvalidDataOrIdenticalScores()
    {
        var rng = new Rng(7);
        int positions = Math.Min(_bytes.Length, 1500);
        var offsets = _bytes.Length <= positions ? Enumerable.Range(0, _bytes.Length) : Enumerable.Range(0, positions).Select(_ => rng.NextInt(_bytes.Length));
        int rejected = 0, harmless = 0;
        foreach (int offset in offsets.Distinct())
        {
            var damaged = (byte[])_bytes.Clone();
            damaged[offset] ^= (byte)(1 << rng.NextInt(8));
            if (LoadsIdentically(damaged, $"flip at {offset}")) harmless++;
            else rejected++;
        }
        rejected.ShouldBeGreaterThan(harmless);
    }

    [Fact]
    public void Load_TruncatedAtManyLengths_ThrowsInvalidData()
    {
        int step = Math.Max(1, _bytes.Length / 400);
        for (int length = 0; length < _bytes.Length; length += step)
        {
            var ex = Should.Throw<InvalidDataException>(() => _ml.Model.LoadBackprop(new MemoryStream(_bytes, 0, length), out _), $"length {length}");
            ex.Message.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Load_ZeroLengthFile_ThrowsInvalidData()
    {
        var path = Path.GetTempFileName();
        try { Should.Throw<InvalidDataException>(() => _ml.Model.LoadBackprop(path, out _)); }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Load_PlainMLNetModel_ThrowsInvalidDataSayingSo()
    {
        var data = Tabular.Load(_ml, 10, 1);
        var stream = new MemoryStream();
        _ml.Model.Save(_ml.Transforms.NormalizeMeanVariance("Features").Fit(data), data.Schema, stream);
        var ex = Should.Throw<InvalidDataException>(() => _ml.Model.LoadBackprop(new MemoryStream(stream.ToArray()), out _));
        ex.Message.ShouldContain("Model.Load");
    }

    [Fact]
    public void SaveBackprop_OverExistingFileWhenSaveFails_LeavesTargetIntact()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, _bytes);
            // A model whose input schema lacks its feature column cannot be saved: the failure must not touch the file.
            var broken = new BackpropTrainer(_ml, new BackpropTrainer.Options { NumberOfEpochs = 1 }).Fit(Tabular.Load(_ml, 20, 1));
            var wrongSchema = _ml.Data.LoadFromEnumerable(new[] { new { Other = 1f } }).Schema;
            Should.Throw<Exception>(() => _ml.Model.SaveBackprop(broken, wrongSchema, path));
            File.ReadAllBytes(path).ShouldBe(_bytes);
            Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*").Length.ShouldBe(1);
        }
        finally { File.Delete(path); }
    }

    private bool LoadsIdentically(byte[] damaged, string what)
    {
        ITransformer loaded;
        try
        {
            loaded = _ml.Model.LoadBackprop(new MemoryStream(damaged), out _);
        }
        catch (InvalidDataException e)
        {
            e.Message.ShouldNotBeNullOrWhiteSpace(what);
            return false;
        }
        loaded.Transform(_test).GetColumn<float>("Probability").ToArray().ShouldBe(_expected, what);
        return true;
    }
}
