using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>A model with categorical columns (entity embeddings) exports the table look-ups as <c>Gather</c> on the key
/// tensors: ONNX Runtime gives the library's scores, ids never seen in training included (they score with the unknown
/// vector, as the library does).</summary>
public class OnnxEmbeddingTests
{
    public sealed class Row
    {
        public string User { get; set; } = "";
        public string Item { get; set; } = "";
        public float X { get; set; }
        public float Value { get; set; }
        public bool Liked { get; set; }
    }

    public sealed class Dated
    {
        public DateTime SignedOn { get; set; }
    }

    /// <summary>A rating made of a user effect, an item effect and a number; the test rows include ids the training rows lack.</summary>
    private static List<Row> Rows(int count, int seed, int users, int items)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int u = random.Next(users), i = random.Next(items);
            float x = (float)random.NextDouble() * 2 - 1;
            float value = MathF.Sin(u) + 0.5f * MathF.Cos(3 * i) + x;
            return new Row { User = $"u{u}", Item = $"item{i}", X = x, Value = value, Liked = value > 0.3f };
        }).ToList();
    }

    [Theory]
    [InlineData("regression")]
    [InlineData("binary")]
    public void ConvertToOnnxBackprop_CategoricalColumns_OnnxRuntimeMatchesTheLibraryUnknownIdsIncluded(string task)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(600, 1, users: 20, items: 8));
        var test = ml.Data.LoadFromEnumerable(Rows(200, 2, users: 26, items: 10)); // u20..u25 and item8, item9 are unseen
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = task == "binary" ? "Liked" : "Value", CategoricalColumnNames = ["UserKey", "ItemKey"], EmbeddingWidths = new() { ["ItemKey"] = 3 },
            HiddenLayers = [8], NumberOfEpochs = 5, EnsembleSize = 2, Seed = 3,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")])
            .Append(ml.Transforms.Concatenate("Features", "X"))
            .Append(task == "binary" ? ml.BinaryClassification.Trainers.Backprop(options) : ml.Regression.Trainers.Backprop(options));
        var model = pipeline.Fit(train);
        var expected = Columns.Floats(model.Transform(test), "Score");

        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());
        var actual = runner.Floats(runner.Run(test), "Score");

        actual.Length.ShouldBe(expected.Length);
        Columns.MaxAbsDifference(actual, expected).ShouldBeLessThan(1e-5);
        bytes.ToArray().Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void ModelSave_CategoricalColumns_LoadedByPlainMLNetScoresTheSame()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(600, 1, users: 20, items: 8));
        var test = ml.Data.LoadFromEnumerable(Rows(200, 2, users: 26, items: 10));
        var pipeline = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")])
            .Append(ml.Transforms.Concatenate("Features", "X"))
            .Append(ml.Regression.Trainers.Backprop(new BackpropTrainer.Options
            {
                LabelColumnName = "Value", CategoricalColumnNames = ["UserKey", "ItemKey"], HiddenLayers = [8], NumberOfEpochs = 5, EnsembleSize = 2, Seed = 3,
            }));
        var model = pipeline.Fit(train);
        var expected = Columns.Floats(model.Transform(test), "Score");

        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        zip.Position = 0;
        var loaded = new MLContext(seed: 2).Model.Load(zip, out _);
        var actual = Columns.Floats(loaded.Transform(test), "Score");

        Columns.MaxAbsDifference(actual, expected).ShouldBeLessThan(1e-5);
    }

    [Fact]
    public void ConvertToOnnxBackpropAndModelSave_IdsOnlyModel_MatchTheLibrary()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(600, 1, users: 20, items: 8));
        var test = ml.Data.LoadFromEnumerable(Rows(200, 2, users: 26, items: 10));
        var pipeline = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")])
            .Append(ml.Regression.Trainers.Backprop(new BackpropTrainer.Options
            {
                LabelColumnName = "Value", CategoricalColumnNames = ["UserKey", "ItemKey"], HiddenLayers = [8], NumberOfEpochs = 5, EnsembleSize = 2, Seed = 3,
            }));
        var model = pipeline.Fit(train);
        var expected = Columns.Floats(model.Transform(test), "Score");

        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());
        Columns.MaxAbsDifference(runner.Floats(runner.Run(test), "Score"), expected).ShouldBeLessThan(1e-5);

        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        zip.Position = 0;
        Columns.MaxAbsDifference(Columns.Floats(new MLContext(seed: 2).Model.Load(zip, out _).Transform(test), "Score"), expected).ShouldBeLessThan(1e-5);
    }

    [Fact]
    public void ConvertToOnnxBackprop_TransformerAloneOnKeysMappedByAnotherFit_RefusedNamingTheColumn()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(600, 1, users: 20, items: 8));
        var keys = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")]).Append(ml.Transforms.Concatenate("Features", "X")).Fit(train);
        var model = ml.Regression.Trainers.Backprop(new BackpropTrainer.Options
        {
            LabelColumnName = "Value", CategoricalColumnNames = ["UserKey", "ItemKey"], HiddenLayers = [8], NumberOfEpochs = 2, EnsembleSize = 1, Seed = 3,
        }).Fit(keys.Transform(train));
        // The same rows keyed by a mapping of their own, in order of value: the graph would take keys the model reads as other ids.
        var remapped = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")],
            keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Append(ml.Transforms.Concatenate("Features", "X")).Fit(train).Transform(train);

        using var bytes = new MemoryStream();
        var error = Should.Throw<ArgumentOutOfRangeException>(() => ml.Model.ConvertToOnnxBackprop(model, remapped, bytes));
        // Beside a column ONNX cannot carry, the refusal is still the keys' (not blamed on that column).
        var dated = ml.Transforms.CustomMapping<Row, Dated>((i, o) => o.SignedOn = new DateTime(2020, 1, 1), contractName: null).Fit(remapped).Transform(remapped);
        Should.Throw<ArgumentOutOfRangeException>(() => ml.Model.ConvertToOnnxBackprop(model, dated, bytes)).Message.ShouldContain("'UserKey'");

        error.Message.ShouldContain("Categorical column 'UserKey' numbers its values differently");
        bytes.Length.ShouldBe(0);
        ml.Model.ConvertToOnnxBackprop(model, keys.Transform(train), bytes);
        bytes.Length.ShouldBeGreaterThan(0);
    }
}
