using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>A model larger than a SaveBackprop file holds (what LoadBackprop accepts) is refused before anything is
/// written, naming the sizes: it used to run out of memory after a minute. The tests lower the limit instead of
/// training gigabytes; the byte count itself is checked against a real file.</summary>
public class ModelSizeTests
{
    [Fact]
    public void SaveBackprop_ModelLargerThanAFileHolds_RefusedNamingTheSizesAndTheOldFileKept()
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 50, 1);
        var model = new BackpropTrainer(ml, new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 1, EnsembleSize = 2, NumericEncoding = NumericEncoding.None /* the plain stage's 50 weights */ }).Fit(data);
        string directory = Path.Combine(Path.GetTempPath(), $"model-size-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "model.zip");
        File.WriteAllText(path, "old");
        ModelSize.LimitForTests.Value = 100;
        try
        {
            var error = Should.Throw<NotSupportedException>(() => ml.Model.SaveBackprop(model, data.Schema, path));
            error.Message.ShouldContain("The model's weights take 200 bytes (50 parameters in 2 networks)");
            error.Message.ShouldContain("holds at most 100 bytes");
            File.ReadAllText(path).ShouldBe("old");
            Directory.GetFiles(directory).ShouldBe([path]);
            Should.Throw<NotSupportedException>(() => ml.Model.SaveBackprop(model, data.Schema, new MemoryStream()));
        }
        finally
        {
            ModelSize.LimitForTests.Value = null;
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WeightBytes_FromTheLayerShapes_AtMostTheSavedFileAndClose()
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 50, 1);
        var model = new BackpropTrainer(ml, new BackpropTrainer.Options { HiddenLayers = [64, 32], NumberOfEpochs = 1, EnsembleSize = 1, NumericEncoding = NumericEncoding.None /* the shapes below */ }).Fit(data);
        long bytes = ModelSize.WeightBytes(model.Model);
        bytes.ShouldBe((4 * 64 + 64 + 64 * 32 + 32 + 32 + 1) * 4L);
        using var stream = new MemoryStream();
        ml.Model.SaveBackprop(model, data.Schema, stream, includeEpochHistory: false);
        stream.Length.ShouldBeGreaterThan(bytes / 2); // compressed, but the weights are most of it
    }

    [Fact]
    public void WeightBytes_ModelWithAnEmbeddingTable_CountsTheTable()
    {
        // 2,000 users at the automatic width: the table holds more values than the dense layers, and a check of the
        // layers alone would let a model too large for LoadBackprop be written.
        var ml = new MLContext(seed: 1);
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(4_000, 3, users: 2_000));
        var model = KeyedRows.Train(ml, data, KeyedRows.Options(["UserKey"], epochs: 1, diagnostics: false));
        long layers = model.Networks.Sum(n => n.Layers.Sum(l => ((long)l.InputSize * l.OutputSize + l.OutputSize) * sizeof(float)));
        var embedding = model.Embedding("UserKey");
        long table = (long)embedding.Names.Count * embedding.Width * sizeof(float);
        table.ShouldBeGreaterThan(layers);
        ModelSize.WeightBytes(model).ShouldBe(model.Networks.Sum(n => (long)n.ParameterCount) * sizeof(float));
        ModelSize.WeightBytes(model).ShouldBeGreaterThanOrEqualTo(layers + table);
    }
}
