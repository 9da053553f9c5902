using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;
using Row = MLNet.Backprop.Tests.TestSupport.KeyedRows.Row;

namespace MLNet.Backprop.Tests;

/// <summary>Categorical columns (entity embeddings) end to end: what they learn, how bad columns are refused, unseen
/// keys at scoring, saving, and the read-only tables.</summary>
public class BackpropTrainerCategoricalTests
{
    /// <summary>A value made of a user effect (the same for users of one group of three: u0, u3, u6, ... share it), an
    /// item effect and a number, with a little noise.</summary>
    private static List<Row> Rows(int count, int seed, int users = 30, int items = 10) => KeyedRows.Make(count, seed, users, items);

    private static BackpropTrainer.Options Options(params string[] categorical) => new()
    {
        LabelColumnName = "Value", CategoricalColumnNames = categorical, HiddenLayers = [16], NumberOfEpochs = 30, EnsembleSize = 1, Seed = 5,
    };

    private static IEstimator<ITransformer> Keys(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")]).Append(ml.Transforms.Concatenate("Features", "X"));

    [Fact]
    public void Fit_KeyColumns_LearnThePerIdEffectsTheFeaturesLack()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(3000, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(1000, 2));

        double Rmse(params string[] categorical) =>
            ml.Regression.Evaluate(Keys(ml).Append(ml.Regression.Trainers.Backprop(Options(categorical))).Fit(train).Transform(test), "Value").RootMeanSquaredError;

        double withoutIds = Rmse(), withIds = Rmse("UserKey", "ItemKey");
        withoutIds.ShouldBeGreaterThan(1.0); // the number alone explains little
        withIds.ShouldBeLessThan(0.2);
    }

    [Fact]
    public void Transform_KeysNeverSeenInTraining_ScoreWithTheUnknownVector()
    {
        var ml = new MLContext(seed: 1);
        var model = Keys(ml).Append(ml.Regression.Trainers.Backprop(Options("UserKey", "ItemKey"))).Fit(ml.Data.LoadFromEnumerable(Rows(1000, 1)));
        // Two users the training rows never had: MapValueToKey gives both key 0 (missing), the table's unknown row.
        var unseen = ml.Data.LoadFromEnumerable(new[]
        {
            new Row { User = "stranger", Item = "item1", X = 0.3f }, new Row { User = "another", Item = "item1", X = 0.3f },
            new Row { User = "u0", Item = "new item", X = 0.3f },
        });
        var scores = model.Transform(unseen).GetColumn<float>("Score").ToArray();

        scores.ShouldAllBe(s => float.IsFinite(s));
        scores[1].ShouldBe(scores[0]);
    }

    [Fact]
    public void Fit_CategoricalColumnMissing_ThrowsNamingIt()
    {
        var ml = new MLContext(seed: 1);
        var error = Should.Throw<ArgumentOutOfRangeException>(() =>
            Keys(ml).Append(ml.Regression.Trainers.Backprop(Options("UserKey", "ShopKey"))).Fit(ml.Data.LoadFromEnumerable(Rows(100, 1))));
        error.Message.ShouldContain("'ShopKey'");
    }

    [Fact]
    public void Fit_CategoricalColumnNotAKey_ThrowsNamingIt()
    {
        var ml = new MLContext(seed: 1);
        var error = Should.Throw<ArgumentOutOfRangeException>(() =>
            Keys(ml).Append(ml.Regression.Trainers.Backprop(Options("User"))).Fit(ml.Data.LoadFromEnumerable(Rows(100, 1))));
        error.Message.ShouldContain("'User'");
        error.Message.ShouldContain("key");
    }

    [Fact]
    public void Fit_CategoricalColumnAlsoInsideTheFeatures_ThrowsNamingIt()
    {
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("UserKey", "User")
            .Append(ml.Transforms.Conversion.MapKeyToVector("UserOneHot", "UserKey"))
            .Append(ml.Transforms.Concatenate("Features", "X", "UserOneHot"))
            .Append(ml.Transforms.Conversion.MapValueToKey("UserOneHot", "User"));
        // The one-hot block's slots in Features are named 'UserOneHot.u0', ...; the key column now named UserOneHot is
        // the same values again.
        var data = pipeline.Fit(ml.Data.LoadFromEnumerable(Rows(100, 1))).Transform(ml.Data.LoadFromEnumerable(Rows(100, 1)));
        var trainer = ml.Regression.Trainers.Backprop(Options("UserOneHot"));
        var error = Should.Throw<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        error.Message.ShouldContain("inside feature column 'Features'");
    }

    [Fact]
    public void Constructor_LabelColumnAmongCategoricalColumns_ThrowsNamingTheOptionAndTheLabel()
    {
        // Before: a multiclass key label passed every check of a categorical column, and the model read the label it predicts.
        var ml = new MLContext(seed: 1);
        var options = new BackpropTrainer.Options { LabelColumnName = "ItemKey", CategoricalColumnNames = ["UserKey", "ItemKey"] };
        var error = Should.Throw<ArgumentException>(() => ml.MulticlassClassification.Trainers.Backprop(options));
        error.ParamName.ShouldBe("CategoricalColumnNames");
        error.Message.ShouldContain("label column 'ItemKey'");
    }

    [Fact]
    public void Fit_ValidationKeysNumberedDifferently_ThrowsNamingTheColumnAndKey()
    {
        var ml = new MLContext(seed: 1);
        var trainRows = Rows(300, 1);
        var validationRows = trainRows.AsEnumerable().Reverse().ToList(); // the same values, first seen in another order
        // Each data set mapped by its own MapValueToKey: the same users under other key numbers.
        IDataView Mapped(List<Row> rows) => Keys(ml).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        var trainer = ml.Regression.Trainers.Backprop(Options("UserKey"));

        var error = Should.Throw<ArgumentOutOfRangeException>(() => trainer.Fit(Mapped(trainRows), Mapped(validationRows)));
        error.Message.ShouldContain("'UserKey'");
        error.Message.ShouldContain("numbers its values differently");
    }

    [Fact]
    public void Fit_ValidationMappedByTheSameTransform_Trains()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(300, 1));
        var keys = Keys(ml).Fit(train);
        var trainer = ml.Regression.Trainers.Backprop(Options("UserKey"));

        var model = trainer.Fit(keys.Transform(train), keys.Transform(ml.Data.LoadFromEnumerable(Rows(100, 2))));

        model.Model.CategoricalColumnNames.ShouldBe(["UserKey"]);
    }

    [Fact]
    public void SaveBackprop_CategoricalModel_LoadsWithTheSameScoresAndTables()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(600, 1));
        var trained = Keys(ml).Append(ml.Regression.Trainers.Backprop(Options("UserKey", "ItemKey"))).Fit(train);
        var test = ml.Data.LoadFromEnumerable(Rows(100, 2, users: 35));

        using var stream = new MemoryStream();
        ml.Model.SaveBackprop(trained, train.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.LoadBackprop(stream, out _);

        loaded.Transform(test).GetColumn<float>("Score").ToArray().ShouldBe(trained.Transform(test).GetColumn<float>("Score").ToArray());
        var table = SavedAndLoaded.ModelOf(loaded).Embedding("UserKey");
        var original = trained.LastTransformer.Model.Embedding("UserKey");
        table.Names.ShouldBe(original.Names);
        table["u7"].ToArray().ShouldBe(original["u7"].ToArray());
    }

    [Fact]
    public void Embedding_MostSimilar_FindsUsersOfTheSameGroup()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(6000, 1, users: 12));
        var options = Options("UserKey", "ItemKey");
        options.EmbeddingWidths = new() { ["UserKey"] = 2 };
        // The plain stage for the numeric column: with the default's periodic embeddings of X the 2-wide user table on
        // these rows ranks u3, u9, u4 nearest (the groups then less cleanly apart; measured when Auto became the default).
        options.NumericEncoding = NumericEncoding.None;
        var model = Keys(ml).Append(ml.Regression.Trainers.Backprop(options)).Fit(train).LastTransformer.Model;

        var table = model.Embedding("UserKey");
        var nearest = table.MostSimilar("u0", 3);

        nearest.Count.ShouldBe(3);
        nearest.Select(n => n.Name).ShouldNotContain("u0");
        // u0's group is u0, u3, u6, u9: its nearest vectors are the other members.
        nearest.Select(n => n.Name).ShouldBe(["u3", "u6", "u9"], ignoreOrder: true);
    }

    [Theory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void Fit_CategoricalColumnsAndNoFeatureColumn_TrainsOnTheIdsAlone(DataLoading loading)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(3000, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(500, 2, users: 33));
        // No Concatenate into "Features": the ids are the only input.
        var ids = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")]);
        var options = Options("UserKey", "ItemKey");
        options.DataLoading = loading;
        var model = ids.Append(ml.Regression.Trainers.Backprop(options)).Fit(train);

        var metrics = ml.Regression.Evaluate(model.Transform(test), "Value");
        model.LastTransformer.Model.FeatureCount.ShouldBe(0);
        metrics.RootMeanSquaredError.ShouldBeLessThan(0.45); // the ids explain all but the number (0.5·x: RMSE ≈ 0.29) and noise
        var engine = ml.Model.CreatePredictionEngine<Row, ScoreOnly>(model);
        engine.Predict(new Row { User = "u3", Item = "item2" }).Score.ShouldBe(model.Transform(ml.Data.LoadFromEnumerable(new[] { new Row { User = "u3", Item = "item2" } }))
            .GetColumn<float>("Score").Single());

        using var stream = new MemoryStream();
        ml.Model.SaveBackprop(model, train.Schema, stream);
        stream.Position = 0;
        ml.Model.LoadBackprop(stream, out _).Transform(test).GetColumn<float>("Score").ToArray()
            .ShouldBe(model.Transform(test).GetColumn<float>("Score").ToArray());
    }

    [Fact]
    public void Fit_NoFeatureColumnAndNoCategoricalColumn_ThrowsNamingTheFeatureColumn()
    {
        var ml = new MLContext(seed: 1);
        var error = Should.Throw<ArgumentOutOfRangeException>(() =>
            ml.Regression.Trainers.Backprop(Options()).Fit(ml.Data.LoadFromEnumerable(Rows(100, 1))));
        error.Message.ShouldContain("'Features'");
    }

    public sealed class ScoreOnly
    {
        public float Score { get; set; }
    }

    [Fact]
    public void Fit_CategoricalColumnsWithMicroBatches_LearnAndBitIdenticalForOneTwoAndThreeThreads()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(1500, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(500, 2));
        TransformerChain<BackpropTransformer> Fit(int threads)
        {
            var options = Options("UserKey", "ItemKey");
            options.MicroBatchSize = 16;
            options.BatchSize = 64;
            options.NumberOfThreads = threads;
            return Keys(ml).Append(ml.Regression.Trainers.Backprop(options)).Fit(train);
        }
        var one = Fit(1);
        var scores = one.Transform(test).GetColumn<float>("Score").ToArray();
        foreach (int threads in new[] { 2, 3 })
        {
            var other = Fit(threads);
            other.Transform(test).GetColumn<float>("Score").ToArray().ShouldBe(scores, $"{threads} threads");
            other.LastTransformer.Model.Embedding("UserKey")["u4"].ToArray().ShouldBe(one.LastTransformer.Model.Embedding("UserKey")["u4"].ToArray());
        }
        ml.Regression.Evaluate(one.Transform(test), "Value").RootMeanSquaredError.ShouldBeLessThan(0.3);
    }

    [Fact]
    public void PermutationFeatureImportance_IdColumnCarryingTheSignal_RankedFirstNamedByItsColumn()
    {
        var ml = new MLContext(seed: 1);
        var model = Keys(ml).Append(ml.Regression.Trainers.Backprop(Options("UserKey", "ItemKey"))).Fit(ml.Data.LoadFromEnumerable(Rows(3000, 1)));
        var test = ml.Data.LoadFromEnumerable(Rows(800, 2));

        var importance = ml.PermutationFeatureImportance(model, test, labelColumnName: "Value", permutationCount: 2);

        // The user's group moves the value by ±1.5, the item by ±0.6, the number by ±0.5: that order.
        importance.Select(f => f.Name).ShouldBe(["UserKey", "ItemKey", "X"]);
        importance[0].IsCategoricalColumn.ShouldBeTrue();
        importance[0].Slot.ShouldBe(-1);
        importance[0].Metric.ShouldBe("RSquared");
        importance[0].Decrease.ShouldBeGreaterThan(0.8);
        importance[0].StandardError.ShouldBeGreaterThan(0);
        importance[2].IsCategoricalColumn.ShouldBeFalse();
        importance[2].Slot.ShouldBe(0);
        importance[2].Decrease.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void PermutationFeatureImportance_IdsAlone_OneEntryPerColumn()
    {
        var ml = new MLContext(seed: 1);
        var ids = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")]);
        var model = ids.Append(ml.Regression.Trainers.Backprop(Options("UserKey", "ItemKey"))).Fit(ml.Data.LoadFromEnumerable(Rows(3000, 1)));

        var importance = ml.PermutationFeatureImportance(model, ml.Data.LoadFromEnumerable(Rows(500, 2)), labelColumnName: "Value");

        importance.Select(f => f.Name).ShouldBe(["UserKey", "ItemKey"]);
        importance.ShouldAllBe(f => f.IsCategoricalColumn && f.Decrease > 0 && f.StandardError == 0);
    }

    [Fact]
    public void Fit_EmbeddingWidthScale_ScalesTheAutomaticWidthsOnly()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(600, 1));
        var options = Options("UserKey", "ItemKey");
        options.NumberOfEpochs = 1;
        // Explicit updates: the rule's widths alone (30 users over 600 rows are id-like, whose automatic width is narrower:
        // IdTablePriorTests).
        options.SparseUpdates = SparseUpdates.Lazy;
        options.EmbeddingWidthScale = 2.5f;
        options.EmbeddingWidths = new() { ["ItemKey"] = 3 };
        var model = Keys(ml).Append(ml.Regression.Trainers.Backprop(options)).Fit(train).LastTransformer.Model;

        // 30 users: automatic width round(1.6·30^0.56) = 11, × 2.5 = 27.5 → 28; the item's width is explicit.
        model.Embedding("UserKey").Width.ShouldBe(28);
        model.Embedding("ItemKey").Width.ShouldBe(3);
    }

    [Fact]
    public void Fit_AutomaticWidth_RuleSeesTheKeyCountWithoutTheUnknownRow()
    {
        var ml = new MLContext(seed: 1);
        var options = Options("ItemKey");
        options.NumberOfEpochs = 1;
        // 15 items: the rule gives round(1.6·15^0.56) = 7; counting the unknown row too (16) it would give 8.
        var model = Keys(ml).Append(ml.Regression.Trainers.Backprop(options)).Fit(ml.Data.LoadFromEnumerable(Rows(600, 1, items: 15))).LastTransformer.Model;

        var items = model.Embedding("ItemKey");
        items.Names.Count.ShouldBe(15);
        items.Width.ShouldBe(7);
        model.History.Epochs[^1].Embeddings.Single().Keys.ShouldBe(15);
    }

    [Theory]
    [InlineData(DataLoading.InMemory, 3)]
    [InlineData(DataLoading.Streaming, 1)]
    [InlineData(DataLoading.Streaming, 3)]
    [InlineData(DataLoading.Streaming, 3, 0.2f)] // each network's held-out rows read with their keys
    public void Fit_CategoricalColumnsStreamedOrInAnEnsemble_LearnThreadIndependentAndSave(DataLoading loading, int ensemble, float holdOut = 0f)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(2000, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(500, 2));
        TransformerChain<BackpropTransformer> Fit(int threads)
        {
            var options = Options("UserKey", "ItemKey");
            options.DataLoading = loading;
            options.StreamingBlockSize = 256;
            options.EnsembleSize = ensemble;
            options.NumberOfThreads = threads;
            options.ValidationFraction = holdOut;
            return Keys(ml).Append(ml.Regression.Trainers.Backprop(options)).Fit(train);
        }
        var model = Fit(1);
        var scores = model.Transform(test).GetColumn<float>("Score").ToArray();
        (model.LastTransformer.Model.History.Settings!.ValidationRows > 0).ShouldBe(holdOut > 0f);

        model.LastTransformer.Model.Networks.Count.ShouldBe(ensemble);
        ml.Regression.Evaluate(model.Transform(test), "Value").RootMeanSquaredError.ShouldBeLessThan(0.25);
        Fit(2).Transform(test).GetColumn<float>("Score").ToArray().ShouldBe(scores);
        using var stream = new MemoryStream();
        ml.Model.SaveBackprop(model, train.Schema, stream);
        stream.Position = 0;
        ml.Model.LoadBackprop(stream, out _).Transform(test).GetColumn<float>("Score").ToArray().ShouldBe(scores);
    }

    [Fact]
    public void Fit_CategoricalColumnsWithMicroBatchesAndValidationData_StopsEarlyOnTheValidationLoss()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(1500, 1));
        var keys = Keys(ml).Fit(train);
        var options = Options("UserKey", "ItemKey");
        options.MicroBatchSize = 16;
        options.BatchSize = 64;
        options.NumberOfEpochs = 200;
        options.EarlyStoppingPatience = 3;
        var model = ml.Regression.Trainers.Backprop(options).Fit(keys.Transform(train), keys.Transform(ml.Data.LoadFromEnumerable(Rows(300, 3))));

        var epochs = model.Model.History.Epochs;
        epochs.ShouldAllBe(e => e.ValidationLoss != null);
        epochs.Count.ShouldBeLessThan(200);
        ml.Regression.Evaluate(model.Transform(keys.Transform(ml.Data.LoadFromEnumerable(Rows(500, 2)))), "Value").RootMeanSquaredError.ShouldBeLessThan(0.3);
    }
}
