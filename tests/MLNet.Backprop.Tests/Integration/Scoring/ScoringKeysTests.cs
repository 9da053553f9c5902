using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;
using static Microsoft.ML.Transforms.ValueToKeyMappingEstimator;
using Row = MLNet.Backprop.Tests.TestSupport.KeyedRows.Row;

namespace MLNet.Backprop.Tests.Integration.Scoring;

/// <summary>
/// A model with categorical columns scored on keys made by another <c>MapValueToKey</c> (the transformer alone applied
/// to data featurized separately): keys numbered differently are refused when the model is bound to the data, naming the
/// column, the key and both values; a mapping that knows only the first trained values, or appends new ones after them,
/// still scores (the new ones as unknown); keys without names are scored as they come.
/// </summary>
public class ScoringKeysTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly List<Row> TrainRows = KeyedRows.Make(600, seed: 1);
    private static readonly List<Row> TestRows = KeyedRows.Make(100, seed: 2);

    /// <summary>The featurization (MapValueToKey for UserKey and ItemKey, Features = X) and the model trained on its
    /// output, fitted once.</summary>
    private static readonly Lazy<(ITransformer Keys, BackpropTransformer Model)> Trained = new(() =>
    {
        var data = Ml.Data.LoadFromEnumerable(TrainRows);
        var keys = Ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")]).Append(Ml.Transforms.Concatenate("Features", "X")).Fit(data);
        return (keys, Ml.Regression.Trainers.Backprop(KeyedRows.Options(["UserKey", "ItemKey"], epochs: 5, diagnostics: false)).Fit(keys.Transform(data)));
    });

    private static BackpropTransformer Model => Trained.Value.Model;

    private static IReadOnlyList<string> TrainedUsers => Model.Model.Embedding("UserKey").Names;

    /// <summary>Rows through the training featurization: keys as the model knows them.</summary>
    private static IDataView Featurized(List<Row> rows) => Trained.Value.Keys.Transform(Ml.Data.LoadFromEnumerable(rows));

    /// <summary>Rows through the fitted pipeline, featurization and model.</summary>
    private static float[] PipelineScores(List<Row> rows) => Scores(Model.Transform(Featurized(rows)));

    /// <summary>The rows mapped by a MapValueToKey fitted on them, its keys in order of value (not of occurrence).</summary>
    private static IDataView MappedByValue(List<Row> rows) =>
        Ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")], keyOrdinality: KeyOrdinality.ByValue)
            .Append(Ml.Transforms.Concatenate("Features", "X")).Fit(Ml.Data.LoadFromEnumerable(rows)).Transform(Ml.Data.LoadFromEnumerable(rows));

    /// <summary>The rows with UserKey from a MapValueToKey given <paramref name="users"/> as its values, in that order
    /// (ItemKey and Features by the training featurization).</summary>
    private static IDataView MappedWithUsers(List<Row> rows, IEnumerable<string> users)
    {
        var data = Featurized(rows);
        var userKeys = Ml.Data.LoadFromEnumerable(users.Select(u => new UserName { User = u }));
        return Ml.Transforms.DropColumns("UserKey").Append(Ml.Transforms.Conversion.MapValueToKey("UserKey", "User", keyData: userKeys)).Fit(data).Transform(data);
    }

    private static float[] Scores(IDataView scored) => scored.GetColumn<float>("Score").ToArray();

    [Fact]
    public void Transform_KeysMappedInAnotherOrder_RefusedNamingTheColumnKeyAndBothValues()
    {
        var data = MappedByValue(TrainRows);
        var scoredNames = KeyValuesOf(data.Schema["UserKey"]);
        scoredNames.Order().ShouldBe(TrainedUsers.Order()); // the same users, numbered in another order
        int key = Enumerable.Range(0, TrainedUsers.Count).First(k => TrainedUsers[k] != scoredNames[k]);

        var error = Should.Throw<ArgumentOutOfRangeException>(() => Model.Transform(data));

        error.ParamName.ShouldBe("categorical");
        error.Message.ShouldContain($"Categorical column 'UserKey' numbers its values differently from the data the model was trained on: key {key + 1} is " +
            $"'{scoredNames[key]}' in the data being scored but '{TrainedUsers[key]}' in the model");
        error.Message.ShouldContain("Score through the MapValueToKey fitted with the model");
    }

    [Fact]
    public void GetRowToRowMapperAndGetOutputSchema_KeysMappedInAnotherOrder_Refused()
    {
        var schema = MappedByValue(TrainRows).Schema;

        Should.Throw<ArgumentOutOfRangeException>(() => Model.GetRowToRowMapper(schema)).Message.ShouldContain("'UserKey'");
        Should.Throw<ArgumentOutOfRangeException>(() => Model.GetOutputSchema(schema)).Message.ShouldContain("'UserKey'");
    }

    [Fact]
    public void Transform_FewerKeysTheFirstTrainedInOrder_ScoresAsThePipeline()
    {
        var known = TrainedUsers.Take(10).ToHashSet();
        var rows = TestRows.Where(r => known.Contains(r.User)).ToList();
        rows.Count.ShouldBeGreaterThan(10);

        var scored = Model.Transform(MappedWithUsers(rows, TrainedUsers.Take(10)));

        Scores(scored).ShouldBe(PipelineScores(rows));
    }

    [Fact]
    public void Transform_NewKeysAppendedAfterTheTrainedOnes_ScoresThemAsUnknown()
    {
        var rows = TestRows.Take(20).Append(new Row { User = "stranger", Item = "item1", X = 0.3f }).ToList();

        var data = MappedWithUsers(rows, [.. TrainedUsers, "stranger"]);
        data.GetColumn<uint>("UserKey").Last().ShouldBe((uint)TrainedUsers.Count + 1);

        var scored = Model.Transform(data);

        // The training pipeline maps "stranger" to key 0, this data to the key after the trained ones: both read the unknown row.
        Scores(scored).ShouldBe(PipelineScores(rows));
    }

    [Fact]
    public void Transform_KeysWithoutNames_ScoredAsTheyCome()
    {
        var featurized = Featurized(TestRows);
        var userKeys = featurized.GetColumn<uint>("UserKey").ToArray();
        var itemKeys = featurized.GetColumn<uint>("ItemKey").ToArray();
        // The same key numbers, in a key type of another count that names no value (no KeyValues annotation). A class's
        // KeyType property holds the key 0-based: LoadFromEnumerable adds 1.
        var unnamed = Ml.Data.LoadFromEnumerable(TestRows.Select((r, i) => new UnnamedKeys { UserKey = userKeys[i] - 1, ItemKey = itemKeys[i] - 1, Features = [r.X] }));
        unnamed.Schema["UserKey"].Annotations.Schema.GetColumnOrNull("KeyValues").ShouldBeNull();
        unnamed.GetColumn<uint>("UserKey").ToArray().ShouldBe(userKeys);

        Scores(Model.Transform(unnamed)).ShouldBe(Scores(Model.Transform(featurized)));
    }

    [Fact]
    public void Transform_ModelTrainedOnKeysWithoutNames_ScoresAnyNamedKeysAsTheyCome()
    {
        var data = Ml.Data.LoadFromEnumerable(TrainRows.Select((r, i) => new UnnamedKeys { UserKey = (uint)(i % 30), ItemKey = (uint)(i % 10), Features = [r.X], Value = r.Value }));
        var model = Ml.Regression.Trainers.Backprop(KeyedRows.Options(["UserKey", "ItemKey"], epochs: 2, diagnostics: false)).Fit(data);
        model.Model.Embedding("UserKey").Names[0].ShouldBe("1"); // no names stored: nothing to compare with

        Scores(model.Transform(MappedByValue(TrainRows))).Length.ShouldBe(TrainRows.Count);
    }

    [Fact]
    public void LoadBackprop_TransformerSavedAlone_RefusesKeysMappedInAnotherOrderAndTheWholePipelineScoresThem()
    {
        var alone = SavedAndLoaded.Reload(Ml, Model, Featurized(TrainRows).Schema);
        var whole = SavedAndLoaded.Reload(Ml, new TransformerChain<ITransformer>(Trained.Value.Keys, Model), Ml.Data.LoadFromEnumerable(TrainRows).Schema);

        var error = Should.Throw<ArgumentOutOfRangeException>(() => alone.Transform(MappedByValue(TrainRows)));
        error.Message.ShouldContain("Categorical column 'UserKey' numbers its values differently");
        Scores(whole.Transform(Ml.Data.LoadFromEnumerable(TestRows))).ShouldBe(PipelineScores(TestRows));
        Scores(alone.Transform(Featurized(TestRows))).ShouldBe(PipelineScores(TestRows));
    }

    [Fact]
    public void Transform_NumericKeyValuesMappedInAnotherOrder_RefusedNamingThemAsText()
    {
        // MapValueToKey on a number column (as ML.NET's samples do for digit ids): the key values are Singles.
        var rows = TrainRows.Select(r => new NumericId { Id = float.Parse(r.User[1..], System.Globalization.CultureInfo.InvariantCulture) + 0.5f, X = r.X, Value = r.Value }).ToList();
        var data = Ml.Data.LoadFromEnumerable(rows);
        IDataView Mapped(KeyOrdinality order) =>
            Ml.Transforms.Conversion.MapValueToKey("IdKey", "Id", keyOrdinality: order).Append(Ml.Transforms.Concatenate("Features", "X")).Fit(data).Transform(data);
        var model = Ml.Regression.Trainers.Backprop(KeyedRows.Options(["IdKey"], epochs: 2, diagnostics: false)).Fit(Mapped(KeyOrdinality.ByOccurrence));
        var trained = model.Model.Embedding("IdKey").Names;
        var sorted = trained.OrderBy(n => float.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        int key = Enumerable.Range(0, trained.Count).First(k => trained[k] != sorted[k]);

        var error = Should.Throw<ArgumentOutOfRangeException>(() => model.Transform(Mapped(KeyOrdinality.ByValue)));

        error.Message.ShouldContain($"key {key + 1} is '{sorted[key]}' in the data being scored but '{trained[key]}' in the model");
        trained.ShouldContain("7.5");
    }

    private static string[] KeyValuesOf(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.GetKeyValues(ref values);
        return [.. values.DenseValues().Select(v => v.ToString())];
    }

    private sealed class NumericId
    {
        public float Id { get; set; }

        public float X { get; set; }

        public float Value { get; set; }
    }

    private sealed class UserName
    {
        public string User { get; set; } = "";
    }

    private sealed class UnnamedKeys
    {
        [KeyType(40)]
        public uint UserKey { get; set; }

        [KeyType(10)]
        public uint ItemKey { get; set; }

        [VectorType(1)]
        public float[] Features { get; set; } = [];

        public float Value { get; set; }
    }
}
