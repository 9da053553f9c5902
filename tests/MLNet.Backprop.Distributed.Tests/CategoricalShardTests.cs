using Microsoft.ML;
using MLNet.Backprop.Distributed.Shards;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>Categorical columns on a cluster: the shards store each row's keys (dense and sparse records), the manifest
/// their columns, key counts and key names (checked on load and against the view given to Fit), and the workers gather
/// the tables' rows: the tables' gradients are reduced in the same tree as the dense ones, so the model is bit-identical
/// to the single-process micro-batch mode's for any worker count.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CategoricalShardTests(ClusterFixture cluster) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mlbp-categorical-shards-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    public sealed class Row
    {
        public string User { get; set; } = "";
        public string Item { get; set; } = "";
        public float X { get; set; }
        public float Value { get; set; }
    }

    /// <summary>A value made of a user effect, an item effect and a number.</summary>
    private static List<Row> Rows(int count, int seed, int users = 25)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int u = random.Next(users), i = random.Next(8);
            float x = (float)random.NextDouble() * 2 - 1;
            return new Row { User = $"u{u}", Item = $"item{i}", X = x, Value = (u % 3 - 1) + 0.5f * MathF.Cos(i) + 0.5f * x };
        }).ToList();
    }

    /// <summary>The featurized view: the ids as keys, and the number as Features unless the ids are the only input.</summary>
    private IDataView View(List<Row> rows, bool idsOnly, List<Row>? mappedOn = null)
    {
        var ml = cluster.Ml;
        IEstimator<ITransformer> pipeline = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")]);
        if (!idsOnly) pipeline = pipeline.Append(ml.Transforms.Concatenate("Features", "X"));
        var data = ml.Data.LoadFromEnumerable(rows);
        var mapping = ml.Data.LoadFromEnumerable(mappedOn ?? rows);
        return pipeline.Fit(mapping).Transform(data);
    }

    private static BackpropTrainer.Options Options(bool sparse = false) => new()
    {
        Task = BackpropTask.Regression, LabelColumnName = "Value", CategoricalColumnNames = ["UserKey", "ItemKey"], HiddenLayers = [12],
        BatchSize = 32, MicroBatchSize = 8, NumberOfEpochs = 3, LearningRate = 0.01f, Dropout = 0.1f, L2Regularization = 1e-3f, Seed = 6,
        SparseInput = sparse ? true : null,
    };

    private static int[] AllBits(BackpropTransformer model) =>
        model.Model.Network.Parameters.SelectMany(p => p.Values).Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void Fit_RegressionLabelFarFromUnitScaleStandardizeLabelOff_ClusterDiagnosisNamesTheLabelWithTheManifestsStatistics()
    {
        // With StandardizeLabel off the cluster mode trains on the label as given, as the micro-batch mode does; the
        // coordinator has the label's mean and deviation from the manifest's summary, the same as the single-process counting pass.
        var rows = Rows(400, 2);
        foreach (var row in rows) row.Value = 100 + 10 * row.Value;
        var data = View(rows, idsOnly: false);
        var options = Options();
        options.StandardizeLabel = false;
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 2, options);

        var reference = new BackpropTrainer(cluster.Ml, options).Fit(data).Model.Diagnosis.Findings.Single(f => f.Column == "Value");
        var finding = new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2), shards)).Fit(data)
            .Model.Diagnosis.Findings.Single(f => f.Column == "Value");

        finding.Kind.ShouldBe(FindingKind.UnnormalizedInputs);
        finding.Message.ShouldContain("and StandardizeLabel = false trains on the label as given");
        finding.Message.ShouldBe(reference.Message);
        finding.Evidence.ShouldBe(reference.Evidence);
        finding.Evidence["LabelMean"].ShouldBeInRange(95, 105);
    }

    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, false, false)]
    [InlineData(3, false, false)]
    [InlineData(2, true, false)]
    [InlineData(3, false, true)]
    public void Fit_CategoricalShards_BitIdenticalToTheSingleProcessMicroBatchMode(int workers, bool sparse, bool idsOnly)
    {
        var data = View(Rows(400, 1), idsOnly);
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 3, Options(sparse));
        shards.Data.Categorical.Select(c => (c.Name, c.KeyCount)).ShouldBe([("UserKey", 25), ("ItemKey", 8)]);
        shards.Data.Categorical[0].KeyNames!.ShouldContain("u7");
        shards.Data.Sparse.ShouldBe(sparse);

        var reference = new BackpropTrainer(cluster.Ml, Options(sparse)).Fit(data);
        var model = new DistributedBackpropTrainer(cluster.Ml, Options(sparse), cluster.ClusterOptions(ClusterFixture.SiloNames.Take(workers), shards)).Fit(data);

        model.Model.Network.Input.Describe().Count(p => p.Kind == InputKind.Embedding).ShouldBe(2);
        AllBits(model).ShouldBe(AllBits(reference));
        // The label standardised with the manifest's moments, the reference's from its counting pass: the same map.
        (model.Model.TargetOffset, model.Model.TargetScale).ShouldBe((reference.Model.TargetOffset, reference.Model.TargetScale));
        model.Model.TargetScale.ShouldNotBe(1f);
        model.Model.Embedding("UserKey")["u7"].ToArray().ShouldBe(reference.Model.Embedding("UserKey")["u7"].ToArray());
        model.Model.History.Epochs.Select(e => e.TrainingLoss).ShouldBe(reference.Model.History.Epochs.Select(e => e.TrainingLoss));
        model.Model.History.Epochs[^1].TrainingLoss.ShouldBeLessThan(model.Model.History.Epochs[0].TrainingLoss);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Fit_CategoricalShardsAutomaticHoldOut_BitIdenticalToTheSingleProcessMicroBatchMode(int workers, bool sparse)
    {
        // The coordinator reads the held-out rows' keys (and, sparse, their features served sparse) from the shards:
        // their validation losses, and so the epoch early stopping keeps, are the single-process mode's.
        var data = View(Rows(400, 1), idsOnly: false);
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 3, Options(sparse));
        var options = Options(sparse);
        options.NumberOfEpochs = null;

        var reference = new BackpropTrainer(cluster.Ml, options).Fit(data);
        var model = new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames.Take(workers), shards)).Fit(data);

        model.Model.History.Settings!.ValidationRows.ShouldBeGreaterThan(0);
        model.Model.History.Epochs.Select(e => e.ValidationLoss).ShouldBe(reference.Model.History.Epochs.Select(e => e.ValidationLoss));
        AllBits(model).ShouldBe(AllBits(reference));
    }

    [Theory]
    [InlineData(1, 25)]
    [InlineData(2, 25)]
    [InlineData(3, 25)]
    [InlineData(2, 20)]
    public void Fit_IdLikeColumnOnShards_PriorAndNarrowerWidthBitIdenticalToTheSingleProcessMicroBatchMode(int workers, int users)
    {
        // 400 rows: 25 users are id-like (25² > 400), 20 are not. The coordinator adds the prior to the reduced gradient
        // as the single-process micro-batch mode does; the narrower width reaches the workers with the network's parts.
        var data = View(Rows(400, 1, users), idsOnly: false);
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 3, Options());
        bool idLike = users > 20;
        var lazy = Options();
        lazy.SparseUpdates = SparseUpdates.Lazy; // the mode's training before the prior reached it

        var reference = new BackpropTrainer(cluster.Ml, Options()).Fit(data);
        var model = new DistributedBackpropTrainer(cluster.Ml, Options(), cluster.ClusterOptions(ClusterFixture.SiloNames.Take(workers), shards)).Fit(data);

        model.Model.Embedding("UserKey").Width.ShouldBe(idLike ? 4 : AutomaticSettings.EmbeddingWidth(users)); // √(400 ÷ 25) = 4; the rule's 10
        model.Model.Embedding("ItemKey").Width.ShouldBe(AutomaticSettings.EmbeddingWidth(8));
        AllBits(model).ShouldBe(AllBits(reference));
        model.Model.History.Epochs.Select(e => e.TrainingLoss).ShouldBe(reference.Model.History.Epochs.Select(e => e.TrainingLoss));
        if (idLike) AllBits(model).ShouldNotBe(AllBits(new BackpropTrainer(cluster.Ml, lazy).Fit(data)));
        else AllBits(model).ShouldBe(AllBits(new BackpropTrainer(cluster.Ml, lazy).Fit(data)));
    }

    [Fact]
    public void Write_CategoricalColumns_ShardsOfVersion3HoldTheKeysAfterEachRow()
    {
        var data = View(Rows(50, 2), idsOnly: false);
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 1, Options());
        var bytes = File.ReadAllBytes(shards.ShardPaths[0]);
        BitConverter.ToInt32(bytes, 8).ShouldBe(3);
        BitConverter.ToInt32(bytes, 32).ShouldBe(2);
        bytes.Length.ShouldBe(64 + 50 * (1 + 1 + 2) * 4); // a feature, the label, two keys
        ShardSet.Load(shards.ManifestPath).Data.Categorical.Select(c => c.Name).ShouldBe(["UserKey", "ItemKey"]);
    }

    [Fact]
    public void Fit_ViewMappedByAnotherMapValueToKey_ThrowsNamingTheColumnAndKey()
    {
        var rows = Rows(200, 3);
        var shards = ShardSet.Write(cluster.Ml, View(rows, idsOnly: false), _directory, 2, Options());
        // The same values, numbered in another order (the mapping fitted on the rows reversed).
        var other = View(rows, idsOnly: false, mappedOn: Enumerable.Reverse(rows).ToList());
        var error = Should.Throw<InvalidOperationException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, Options(), cluster.ClusterOptions(ClusterFixture.SiloNames, shards)).Fit(other));
        error.Message.ShouldContain("'UserKey'");
        error.Message.ShouldContain("numbers its values differently");
    }

    [Fact]
    public void Fit_OtherCategoricalColumnsThanTheShards_ThrowsNamingBoth()
    {
        var data = View(Rows(100, 4), idsOnly: false);
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 1, Options());
        var options = Options();
        options.CategoricalColumnNames = ["UserKey"];
        var error = Should.Throw<InvalidOperationException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, options, cluster.ClusterOptions(ClusterFixture.SiloNames, shards)).Fit(data));
        error.Message.ShouldContain("[UserKey]");
        error.Message.ShouldContain("[UserKey, ItemKey]");
    }

    public static TheoryData<string, Action<System.Text.Json.Nodes.JsonObject>> Damages => new()
    {
        { "categorical column 'UserKey' is listed twice", m => m["categorical"]![1]!["name"] = "UserKey" },
        { "categorical column 'ItemKey' has 0 keys", m => m["categorical"]![1]!["keyCount"] = 0 },
        { "categorical column 'UserKey' lists 2 key names for 2", m => m["categorical"]![0]!["keyNames"] = new System.Text.Json.Nodes.JsonArray("a", "b") },
        { "categorical column 1 has no name", m => m["categorical"]![1]!["name"] = "" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void Load_CategoricalEntryOutOfRange_InvalidDataExceptionNamingIt(string expected, Action<System.Text.Json.Nodes.JsonObject> damage)
    {
        var shards = ShardSet.Write(cluster.Ml, View(Rows(300, 5), idsOnly: false), _directory, 1, Options());
        ManifestEdit.Apply(shards.ManifestPath, damage);
        Should.Throw<InvalidDataException>(() => ShardSet.Load(shards.ManifestPath)).Message.ShouldContain(expected);
    }

    [Fact]
    public void Fit_ManifestEditedToAnotherKeyCount_ThrowsBeforeTraining()
    {
        var data = View(Rows(100, 6), idsOnly: false);
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 1, Options());
        ManifestEdit.Apply(shards.ManifestPath, m =>
        {
            m["categorical"]![1]!["keyCount"] = 5;
            m["categorical"]![1]!["keyNames"] = null;
        });
        var error = Should.Throw<InvalidOperationException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, Options(), cluster.ClusterOptions(ClusterFixture.SiloNames, ShardSet.Load(shards.ManifestPath))).Fit(data));
        error.Message.ShouldContain("'ItemKey' has 8 key values in the data view");
    }

    [Fact]
    public void Gather_KeyBeyondTheRunsTable_InvalidDataExceptionNamingTheShard()
    {
        var shards = ShardSet.Write(cluster.Ml, View(Rows(200, 7), idsOnly: false), _directory, 2, Options());
        // A run whose user table has 5 keys reads shards written with 25: a worker refuses the first larger key.
        using var rows = new ShardRows(shards.Shards, balance: null, keyCounts: [5, 8]);
        var batch = new InputBatch(rows.Inputs, 200);
        var error = Should.Throw<InvalidDataException>(() => rows.Gather(Enumerable.Range(0, 200).ToArray(), batch, new float[200], []));
        error.Message.ShouldContain("shard-0000");
        error.Message.ShouldContain("categorical column 0, whose keys run from 0 (missing) to 5");
    }

    [Fact]
    public void Fit_ShardsWrittenWithoutTheCategoricalColumns_ThrowsNamingThem()
    {
        var data = View(Rows(100, 8), idsOnly: false);
        var without = Options();
        without.CategoricalColumnNames = [];
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 1, without);
        shards.Data.Categorical.ShouldBeEmpty();
        BitConverter.ToInt32(File.ReadAllBytes(shards.ShardPaths[0]), 8).ShouldBe(1); // no keys: the version-1 layout as before

        var error = Should.Throw<InvalidOperationException>(() =>
            new DistributedBackpropTrainer(cluster.Ml, Options(), cluster.ClusterOptions(ClusterFixture.SiloNames, shards)).Fit(data));
        error.Message.ShouldContain("CategoricalColumnNames is [UserKey, ItemKey]");
        error.Message.ShouldContain("stores the keys of []");
    }

    [Fact]
    public void Write_CategoricalColumnMissing_ThrowsNamingItBeforeWriting()
    {
        var options = Options();
        options.CategoricalColumnNames = ["UserKey", "ShopKey"];
        var error = Should.Throw<ArgumentOutOfRangeException>(() => ShardSet.Write(cluster.Ml, View(Rows(50, 9), idsOnly: false), _directory, 1, options));
        error.Message.ShouldContain("'ShopKey'");
        Directory.Exists(_directory).ShouldBeFalse();
    }
}
