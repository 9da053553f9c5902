using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Graph;
using MLNet.Backprop.Onnx.Proto;
using MLNet.Backprop.Onnx.Saving;
using MLNet.Backprop.Onnx.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Graph;

/// <summary>An ensemble whose networks have embedding tables is one stack too: every network's tables looked up at once
/// (<c>Gather</c> per group of tables, not per column and network), and ONNX Runtime scores as the library does, keys 0
/// (missing) and keys beyond the trained count (the unknown row) included, through the exported file and through
/// <c>ml.Model.Save</c>/<c>ml.Model.Load</c>.</summary>
public class StackedEmbeddingNodesTests
{
    private const int Users = 20, Items = 8, Shops = 70_000, NewKeys = 6;

    public class TrainRow
    {
        [KeyType(Users)] public uint UserKey { get; set; }
        [KeyType(Items)] public uint ItemKey { get; set; }
        [KeyType(Shops)] public uint ShopKey { get; set; }
        [VectorType(2)] public float[] Features { get; set; } = [];
        public float Value { get; set; }
        public bool Liked { get; set; }
        [KeyType(3)] public uint Class { get; set; }
    }

    /// <summary>The scoring rows' key types count more values than the training ones: the keys beyond the trained count
    /// read the unknown row.</summary>
    public sealed class ScoreRow
    {
        [KeyType(Users + NewKeys)] public uint UserKey { get; set; }
        [KeyType(Items + NewKeys)] public uint ItemKey { get; set; }
        [KeyType(Shops + NewKeys)] public uint ShopKey { get; set; }
        [VectorType(2)] public float[] Features { get; set; } = [];
        public float Value { get; set; }
        public bool Liked { get; set; }
        [KeyType(3)] public uint Class { get; set; }
    }

    /// <summary>A target made of a user effect, an item effect, a shop effect and the features; one key in ten is 0 (a
    /// missing value); with <paramref name="newKeys"/> also keys past the trained count.</summary>
    private static IEnumerable<(uint User, uint Item, uint Shop, float[] X, float Value)> Rows(int count, int seed, int newKeys)
    {
        var random = new Random(seed);
        for (int r = 0; r < count; r++)
        {
            uint Key(int values) => random.Next(10) == 0 ? 0u : (uint)random.Next(1, values + newKeys + 1);
            uint user = Key(Users), item = Key(Items), shop = Key(40);
            float[] x = [(float)random.NextDouble() * 2 - 1, (float)random.NextDouble()];
            float value = MathF.Sin(user) + 0.5f * MathF.Cos(3 * item) + 0.3f * MathF.Sin(shop) + x[0] - x[1];
            yield return (user, item, shop, x, value);
        }
    }

    private static IDataView Train(MLContext ml) => ml.Data.LoadFromEnumerable(Rows(600, 1, 0).Select(r => new TrainRow
    {
        UserKey = r.User, ItemKey = r.Item, ShopKey = r.Shop, Features = r.X, Value = r.Value, Liked = r.Value > 0.3f, Class = r.Value < -0.5f ? 1u : r.Value < 0.7f ? 2u : 3u,
    }));

    private static IDataView Test(MLContext ml) => ml.Data.LoadFromEnumerable(Rows(300, 2, NewKeys).Select(r => new ScoreRow
    {
        UserKey = r.User, ItemKey = r.Item, ShopKey = r.Shop, Features = r.X, Value = r.Value,
    }));

    /// <summary>Widths 4 and 2: one group (the zeros widening the item table add fewer values than the tables hold).
    /// With the shop table too (70,001 rows × 1), widening it to 4 would add 210,003 zeros: one group per width.</summary>
    private static BackpropTransformer Fit(MLContext ml, string task, bool shops)
    {
        BackpropTrainer.Options Options(string label) => new()
        {
            LabelColumnName = label, CategoricalColumnNames = shops ? ["UserKey", "ItemKey", "ShopKey"] : ["UserKey", "ItemKey"],
            EmbeddingWidths = shops ? new() { ["UserKey"] = 4, ["ItemKey"] = 2, ["ShopKey"] = 1 } : new() { ["UserKey"] = 4, ["ItemKey"] = 2 },
            HiddenLayers = [8, 4], NumberOfEpochs = 5, EnsembleSize = 3, Seed = 3,
        };
        var train = Train(ml);
        return task switch
        {
            "binary" => ml.BinaryClassification.Trainers.Backprop(Options("Liked")).Fit(train),
            "multiclass" => ml.MulticlassClassification.Trainers.Backprop(Options("Class")).Fit(train),
            _ => ml.Regression.Trainers.Backprop(Options("Value")).Fit(train),
        };
    }

    [Theory]
    [InlineData("binary", false)]
    [InlineData("multiclass", false)]
    [InlineData("regression", false)]
    [InlineData("binary", true)]
    [InlineData("multiclass", true)]
    [InlineData("regression", true)]
    public void ConvertToOnnxBackpropAndModelSave_EnsembleWithEmbeddings_OneStackScoresAsTheLibraryMissingAndNewKeysIncluded(string task, bool shops)
    {
        var ml = new MLContext(seed: 1);
        var model = Fit(ml, task, shops);
        var test = Test(ml);
        var expected = Columns.Floats(model.Transform(test), "Score");
        // The test rows have missing keys and keys past the trained count, and they matter: scored as other keys, they differ.
        var keys = Columns.Floats(test, "UserKey");
        keys.Count(k => k == 0).ShouldBeGreaterThan(10);
        keys.Count(k => k > Users).ShouldBeGreaterThan(10);

        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, test, bytes, scoringOnly: true);
        using var runner = new OnnxRunner(bytes.ToArray());
        Columns.MaxAbsDifference(runner.Floats(runner.Run(test), "Score"), expected).ShouldBeLessThanOrEqualTo(1e-5);

        using var zip = new MemoryStream();
        ml.Model.Save(model, test.Schema, zip);
        zip.Position = 0;
        var loaded = new MLContext(seed: 2).Model.Load(zip, out _);
        Columns.MaxAbsDifference(Columns.Floats(loaded.Transform(test), "Score"), expected).ShouldBeLessThanOrEqualTo(1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BuildRowGraphAndConvertToOnnxBackprop_EnsembleWithEmbeddings_TablesLookedUpOncePerGroup(bool shops)
    {
        var ml = new MLContext(seed: 1);
        var transformer = Fit(ml, "binary", shops);
        var model = transformer.Model;
        model.Networks.Count.ShouldBe(3);
        StackedNetworkNodes.CanStack(model.Networks).ShouldBeTrue();

        var graph = ModelProto.Parser.ParseFrom(RowGraph.Build(model, "Features")).Graph;
        // Per network (e3207b8): 166 nodes with two tables, 187 with three (of them a Gather, Cast, Less and Where per
        // table and network, 3 × 2 or 3 × 3). Stacked: the keys as one [N, C] tensor (Concat, Cast, Min, and an Add of
        // the offsets when a group holds several tables), then per group a Gather and a Reshape, and a Gather choosing its
        // key columns when there are several groups: one group for the two tables widened to one width; with the shop
        // table one per width (3).
        graph.Node.Count.ShouldBe(shops ? 52 : 46);
        Lookups(graph, "Gather").ShouldBe(shops ? 6 : 1);
        Lookups(graph, "Cast").ShouldBe(1);
        Lookups(graph, "Min").ShouldBe(1);
        Lookups(graph, "Where").ShouldBe(0);
        // 3 layers over the 3 networks: the first layer as the encoded features' product and as the networks' own
        // embeddings' (the periodic ones and the tables, concatenated), and the periodic embeddings' per-feature layers.
        graph.Node.Count(n => n.OpType == "MatMul").ShouldBe(3 + 1 + 1);

        // The exported file (ML.NET's converter's key tensors) looks the tables up the same way.
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(transformer, Train(ml), bytes, scoringOnly: true);
        var exported = ModelProto.Parser.ParseFrom(bytes.ToArray()).Graph;
        Lookups(exported, "Gather").ShouldBe(shops ? 6 : 1);
        Lookups(exported, "Min").ShouldBe(1);
        Lookups(exported, "Cast").ShouldBe(1);
    }

    public sealed class ByteKeyRow
    {
        [KeyType(Users)] public uint UserKey { get; set; }
        [KeyType(Items + NewKeys)] public byte ItemKey { get; set; }
        [VectorType(2)] public float[] Features { get; set; } = [];
        public float Value { get; set; }
    }

    [Fact]
    public void ConvertToOnnxBackprop_KeysOfTwoRawTypes_EachCastThenLookedUpOnce()
    {
        var ml = new MLContext(seed: 1);
        // The item keys a byte key type (ML.NET's converter gives a uint8 tensor beside the users' uint32): the tensors
        // are cast one by one before they are concatenated.
        ByteKeyRow Row((uint User, uint Item, uint Shop, float[] X, float Value) r) => new() { UserKey = Math.Min(r.User, Users), ItemKey = (byte)r.Item, Features = r.X, Value = r.Value };
        var train = ml.Data.LoadFromEnumerable(Rows(600, 1, 0).Select(Row));
        var test = ml.Data.LoadFromEnumerable(Rows(300, 2, NewKeys).Select(Row));
        var model = ml.Regression.Trainers.Backprop(new BackpropTrainer.Options
        {
            LabelColumnName = "Value", CategoricalColumnNames = ["UserKey", "ItemKey"], EmbeddingWidths = new() { ["UserKey"] = 4, ["ItemKey"] = 2 },
            HiddenLayers = [8], NumberOfEpochs = 5, EnsembleSize = 3, Seed = 3,
        }).Fit(train);
        var expected = Columns.Floats(model.Transform(test), "Score");

        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, test, bytes, scoringOnly: true);
        var graph = ModelProto.Parser.ParseFrom(bytes.ToArray()).Graph;
        Lookups(graph, "Cast").ShouldBe(2);
        Lookups(graph, "Gather").ShouldBe(1);
        using var runner = new OnnxRunner(bytes.ToArray());
        runner.Inputs["ItemKey"].ElementType.ShouldBe(typeof(byte));
        Columns.MaxAbsDifference(runner.Floats(runner.Run(test), "Score"), expected).ShouldBeLessThanOrEqualTo(1e-5);
    }

    public class WideKeyRow
    {
        [KeyType(Users + NewKeys)] public uint UserKey { get; set; }
        [KeyType(Items + NewKeys)] public ulong ItemKey { get; set; }
        [KeyType(1)] public uint OneKey { get; set; }
        [KeyType(3)] public uint Class { get; set; }
    }

    public sealed class WideKeyFeatureRow : WideKeyRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // the tables alone: no feature tensor read, no NaN check
    public void ConvertToOnnxBackprop_MulticlassOfFourNetworksWithUInt16UInt64AndOneValueKeys_ScoresAsTheLibrary(bool features)
    {
        var ml = new MLContext(seed: 1);
        // Users as uint16 keys (converted in the pipeline: ML.NET's LoadFromEnumerable reads no uint16 key), items as
        // uint64, and a column of one value (a table of 2 rows, the unknown one and the value's); the users' and items'
        // keys past the trained counts and missing ones read the unknown row.
        WideKeyRow Row((uint User, uint Item, uint Shop, float[] X, float Value) r, bool training)
        {
            WideKeyRow row = features ? new WideKeyFeatureRow { Features = r.X } : new WideKeyRow();
            row.UserKey = training ? Math.Min(r.User, Users) : r.User;
            row.ItemKey = training ? Math.Min(r.Item, Items) : r.Item;
            row.OneKey = r.Shop % 2;
            row.Class = r.Value < -0.5f ? 1u : r.Value < 0.7f ? 2u : 3u;
            return row;
        }
        IDataView Load(IEnumerable<WideKeyRow> rows) => features
            ? ml.Data.LoadFromEnumerable(rows.Cast<WideKeyFeatureRow>())
            : ml.Data.LoadFromEnumerable(rows);
        var train = Load(Rows(600, 1, 0).Select(r => Row(r, training: true)).ToList());
        var test = Load(Rows(300, 2, NewKeys).Select(r => Row(r, training: false)).ToList());
        // Fitted on the converted rows: the estimator's output shape (ML.NET's) calls the converted column UInt16, not a key.
        var convert = ml.Transforms.Conversion.ConvertType("UserKey", "UserKey", DataKind.UInt16).Fit(train);
        var network = ml.MulticlassClassification.Trainers.Backprop(new BackpropTrainer.Options
        {
            LabelColumnName = "Class", CategoricalColumnNames = ["UserKey", "ItemKey", "OneKey"],
            HiddenLayers = [8, 4], NumberOfEpochs = 5, EnsembleSize = 4, Seed = 3,
        }).Fit(convert.Transform(train));
        var model = convert.Append(network);
        model.Transform(test).Schema["UserKey"].Type.RawType.ShouldBe(typeof(ushort));
        model.LastTransformer.Model.Networks.Count.ShouldBe(4);
        StackedNetworkNodes.CanStack(model.LastTransformer.Model.Networks).ShouldBeTrue();
        var expected = Columns.Floats(model.Transform(test), "Score");
        Columns.Floats(test, "ItemKey").Count(k => k > Items).ShouldBeGreaterThan(10);

        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, test, bytes, scoringOnly: true);
        using var runner = new OnnxRunner(bytes.ToArray());
        runner.Inputs["ItemKey"].ElementType.ShouldBe(typeof(ulong));
        runner.Inputs.ContainsKey("Features").ShouldBe(features);
        Columns.MaxAbsDifference(runner.Floats(runner.Run(test), "Score"), expected).ShouldBeLessThanOrEqualTo(1e-5);
        var graph = ModelProto.Parser.ParseFrom(bytes.ToArray()).Graph;
        Lookups(graph, "Gather").ShouldBeLessThanOrEqualTo(4); // tables looked up per group, not per column and network

        // ml.Model.Save of the whole pipeline: the network's graph reads the converted uint16 keys as its own input.
        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        zip.Position = 0;
        var loaded = new MLContext(seed: 2).Model.Load(zip, out _);
        Columns.MaxAbsDifference(Columns.Floats(loaded.Transform(test), "Score"), expected).ShouldBeLessThanOrEqualTo(1e-5);
    }

    public sealed class UInt64KeyRow
    {
        [KeyType(Users)] public uint UserKey { get; set; }
        [KeyType(Items)] public ulong ItemKey { get; set; }
        [VectorType(2)] public float[] Features { get; set; } = [];
        public float Value { get; set; }
    }

    /// <summary>Scoring rows whose uint64 item keys count up to 2^64 - 2 values.</summary>
    public sealed class HugeUInt64KeyRow
    {
        [KeyType(Users)] public uint UserKey { get; set; }
        [KeyType(ulong.MaxValue - 1)] public ulong ItemKey { get; set; }
        [VectorType(2)] public float[] Features { get; set; } = [];
        public float Value { get; set; }
    }

    /// <summary>uint64 keys of 2^63 and more (2^64 - 3, 2^63 + i + 1) read the unknown row in the library (a key beyond
    /// int.MaxValue reads as missing) and must in ONNX too: cast to int64 they were negative, and <c>Gather</c> read 2^64 - 3
    /// (-3) from the table's end, another key's or table's row, and refused 2^63 + i + 1 (out of bounds). One network (the per-network
    /// look-up) and three (the stack).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ConvertToOnnxBackprop_UInt64KeysOf2To63AndMore_ReadTheUnknownRowAsTheLibrary(int networks)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(600, 1, 0).Select(r => new UInt64KeyRow
        {
            UserKey = Math.Min(r.User, Users), ItemKey = Math.Min(r.Item, Items), Features = r.X, Value = r.Value,
        }).ToList());
        IDataView Test(bool huge) => ml.Data.LoadFromEnumerable(Rows(300, 2, 0).Select((r, i) => new HugeUInt64KeyRow
        {
            UserKey = Math.Min(r.User, Users), Features = r.X, Value = r.Value,
            // LoadFromEnumerable reads a key property as 0-based (the key is the value + 1; a value past the count is key
            // 0, missing): keys 2^64 - 3 and 2^63 + i + 1, or missing.
            ItemKey = (i % 4) switch { 0 => huge ? ulong.MaxValue - 3 : ulong.MaxValue, 1 => huge ? (1UL << 63) + (ulong)i : ulong.MaxValue, _ => Math.Min(r.Item, Items) },
        }).ToList());
        var test = Test(huge: true);
        var model = ml.Regression.Trainers.Backprop(new BackpropTrainer.Options
        {
            LabelColumnName = "Value", CategoricalColumnNames = ["UserKey", "ItemKey"], EmbeddingWidths = new() { ["UserKey"] = 4, ["ItemKey"] = 2 },
            HiddenLayers = [8], NumberOfEpochs = 5, EnsembleSize = networks, Seed = 3,
        }).Fit(train);
        var expected = Columns.Floats(model.Transform(test), "Score");
        // The library reads those keys as missing (key 0): the same scores.
        Columns.Floats(model.Transform(Test(huge: false)), "Score").ShouldBe(expected);
        Columns.UInt64s(test, "ItemKey").Where((_, r) => r % 4 < 2).ShouldAllBe(k => k >= 1UL << 63);

        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, test, bytes, scoringOnly: true);
        using var runner = new OnnxRunner(bytes.ToArray());
        runner.Inputs["ItemKey"].ElementType.ShouldBe(typeof(ulong));
        Columns.MaxAbsDifference(runner.Floats(runner.Run(test), "Score"), expected).ShouldBeLessThanOrEqualTo(1e-5);
    }

    [OnnxCheckerTheory]
    [InlineData("multiclass", false)]
    [InlineData("regression", true)]
    public void ConvertToOnnxBackpropAndRowGraph_EnsembleWithEmbeddings_PassesOnnxFullCheck(string task, bool shops)
    {
        var ml = new MLContext(seed: 1);
        var model = Fit(ml, task, shops);
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, Test(ml), bytes, scoringOnly: true);
        OnnxChecker.Check(bytes.ToArray()).ShouldBeNull();
        OnnxChecker.Check(RowGraph.Build(model.Model, "Features")).ShouldBeNull();
    }

    /// <summary>The nodes of one type that look the tables up.</summary>
    private static int Lookups(GraphProto graph, string opType) =>
        graph.Node.Count(n => n.OpType == opType && n.Output.Single().Contains("Embedding", StringComparison.Ordinal));
}
