using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Tests.TestSupport;
using static Microsoft.ML.Transforms.ValueToKeyMappingEstimator;

namespace MLNet.Backprop.Tests.Integration.Scoring;

/// <summary>
/// A model trained on a one-hot encoded feature vector, scored on a vector made by an encoder fitted on the scoring rows
/// (the transformer alone applied to data featurized separately): slots named as in training but in another order are
/// refused when the model is bound to the data, naming the column and the first moved slot; the same order, other names
/// (the encoded column renamed), or no slot names score as before; the check survives SaveBackprop/LoadBackprop, and a model
/// of format 12 (no names stored) scores without it.
/// </summary>
public class ScoringSlotsTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly string[] Contracts = ["Two year", "One year", "Month-to-month"]; // training order: by occurrence
    private static readonly List<Row> TrainRows = Make(400, seed: 1);
    private static readonly List<Row> TestRows = Make(60, seed: 2);

    public sealed class Row
    {
        public string Contract { get; set; } = "";
        public float X { get; set; }
        public bool Label { get; set; }
    }

    private sealed class Dense
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    /// <summary>Rows whose first three carry the contracts in <see cref="Contracts"/> order (so an encoder fitted by
    /// occurrence numbers them so), the label a function of the contract and X.</summary>
    private static List<Row> Make(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            int c = i < Contracts.Length ? i : random.Next(Contracts.Length);
            float x = (float)random.NextDouble() * 2 - 1;
            return new Row { Contract = Contracts[c], X = x, Label = c - 1 + x + 0.3f * (float)(random.NextDouble() - 0.5) > 0 };
        }).ToList();
    }

    /// <summary>OneHotEncoding of Contract into <paramref name="vector"/>, Features = [vector, X] (the slots named after it).</summary>
    private static IEstimator<ITransformer> Featurizer(KeyOrdinality order = KeyOrdinality.ByOccurrence, string vector = "ContractVec") =>
        Ml.Transforms.Categorical.OneHotEncoding(vector, "Contract", keyOrdinality: order).Append(Ml.Transforms.Concatenate("Features", vector, "X"));

    private static readonly Lazy<(ITransformer Featurizer, BackpropTransformer Model)> Trained = new(() =>
    {
        var data = Ml.Data.LoadFromEnumerable(TrainRows);
        var featurizer = Featurizer().Fit(data);
        var options = new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 5, EnsembleSize = 1, Seed = 3, RecordDiagnostics = false };
        return (featurizer, Ml.BinaryClassification.Trainers.Backprop(options).Fit(featurizer.Transform(data)));
    });

    private static BackpropTransformer Model => Trained.Value.Model;

    private static IDataView Test => Ml.Data.LoadFromEnumerable(TestRows);

    /// <summary>The test rows through the featurizer fitted with the model.</summary>
    private static IDataView Featurized => Trained.Value.Featurizer.Transform(Test);

    /// <summary>The test rows through an encoder fitted on them, its contracts in order of value.</summary>
    private static IDataView RefittedByValue => Featurizer(KeyOrdinality.ByValue).Fit(Test).Transform(Test);

    private static float[] Scores(ITransformer model, IDataView data) => model.Transform(data).GetColumn<float>("Score").ToArray();

    /// <summary>The names of <paramref name="data"/>'s <c>Features</c> slots.</summary>
    internal static string[] SlotNamesOf(IDataView data)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        data.Schema["Features"].GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    [Fact]
    public void Transform_OneHotRefittedOnScoringRowsInAnotherOrder_RefusedNamingTheColumnAndSlot()
    {
        var trained = SlotNamesOf(Featurized);
        var scored = SlotNamesOf(RefittedByValue);
        scored.Order().ShouldBe(trained.Order()); // the same slots, in another order
        int slot = Enumerable.Range(0, trained.Length).First(s => trained[s] != scored[s]);

        var error = Should.Throw<ArgumentOutOfRangeException>(() => Model.Transform(RefittedByValue));

        error.ParamName.ShouldBe("feature");
        error.Message.ShouldContain($"Feature column 'Features' orders its slots differently from the data the model was trained on: slot {slot} is " +
            $"'{scored[slot]}' in the data being scored but '{trained[slot]}' in the model, which had '{scored[slot]}' at slot {Array.IndexOf(trained, scored[slot])}");
        error.Message.ShouldContain("do not refit the featurizers on the scoring data");
    }

    [Fact]
    public void Transform_OneHotRefittedOnRowsWithOtherCategories_RefusedNamingWhereTheModelHadTheName()
    {
        // The scoring batch lacks "One year" and has a category training never saw: the same width, other names, and
        // "Two year", trained at slot 0, now at slot 2.
        var batch = Ml.Data.LoadFromEnumerable(TestRows.Select((r, i) => new Row
        {
            Contract = i < 3 ? new[] { "Month-to-month", "Weekly", "Two year" }[i] : r.Contract == "One year" ? "Weekly" : r.Contract,
            X = r.X,
            Label = r.Label,
        }).ToList());
        var refitted = Featurizer().Fit(batch).Transform(batch);
        SlotNamesOf(refitted).Take(3).ShouldBe(["ContractVec.Month-to-month", "ContractVec.Weekly", "ContractVec.Two year"]);
        SlotNamesOf(Featurized).Take(3).ShouldBe(["ContractVec.Two year", "ContractVec.One year", "ContractVec.Month-to-month"]);

        var error = Should.Throw<ArgumentOutOfRangeException>(() => Model.Transform(refitted));

        error.Message.ShouldContain("slot 0 is 'ContractVec.Month-to-month' in the data being scored but 'ContractVec.Two year' in the model, " +
            "which had 'ContractVec.Month-to-month' at slot 2");
    }

    [Fact]
    public void Transform_OneCategoryReplacedAtItsTrainedSlot_ScoresAsItCannotBeToldFromARename()
    {
        // "One year" replaced by a new category at its own slot, every other name where the model had it.
        var batch = Ml.Data.LoadFromEnumerable(TestRows.Select(r => new Row
        {
            Contract = r.Contract == "One year" ? "Weekly" : r.Contract,
            X = r.X,
            Label = r.Label,
        }).ToList());
        var refitted = Featurizer().Fit(batch).Transform(batch);
        SlotNamesOf(refitted).Take(3).ShouldBe(["ContractVec.Two year", "ContractVec.Weekly", "ContractVec.Month-to-month"]);

        Scores(Model, refitted).Length.ShouldBe(TestRows.Count);
    }

    [Fact]
    public void GetOutputSchemaAndGetRowToRowMapper_OneHotRefittedInAnotherOrder_Refused()
    {
        var schema = RefittedByValue.Schema;

        Should.Throw<ArgumentOutOfRangeException>(() => Model.GetOutputSchema(schema)).Message.ShouldContain("'Features'");
        Should.Throw<ArgumentOutOfRangeException>(() => Model.GetRowToRowMapper(schema)).Message.ShouldContain("'Features'");
    }

    [Fact]
    public void Transform_OneHotRefittedInTheSameOrder_ScoresAsThePipeline()
    {
        var refitted = Featurizer().Fit(Test).Transform(Test);
        SlotNamesOf(refitted).ShouldBe(SlotNamesOf(Featurized));

        Scores(Model, refitted).ShouldBe(Scores(Model, Featurized));
    }

    /// <summary>Featurizers whose slots do not depend on the rows they are fitted on (a hashed one-hot: each value's
    /// bucket is its hash), or fitted again on the training rows (a text featurizer's n-gram dictionary): refitted, they
    /// name each slot as the model saw it or leave it unnamed, and the rows score as through the pipeline fitted with the
    /// model.</summary>
    [Theory]
    [InlineData("hash, refitted on the scoring rows")]
    [InlineData("text, refitted on the training rows")]
    public void Transform_FeaturizerRefittedGivingTheSameSlots_ScoresAsThePipeline(string featurizer)
    {
        bool hash = featurizer.StartsWith("hash", StringComparison.Ordinal);
        IEstimator<ITransformer> Featurize() => hash
            ? Ml.Transforms.Categorical.OneHotHashEncoding("ContractVec", "Contract", numberOfBits: 5, maximumNumberOfInverts: 2)
                .Append(Ml.Transforms.Concatenate("Features", "ContractVec", "X"))
            : Ml.Transforms.Text.FeaturizeText("ContractVec", "Contract").Append(Ml.Transforms.Concatenate("Features", "ContractVec", "X"));
        var train = Ml.Data.LoadFromEnumerable(TrainRows);
        var fitted = Featurize().Fit(train);
        var model = Ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, EnsembleSize = 4, Seed = 3, RecordDiagnostics = false })
            .Fit(fitted.Transform(train));
        model.Model.SlotNames.ShouldNotBeNull();
        // The test rows name the contracts in another order than the training rows: an encoder numbering them by occurrence
        // would move them (the tests above); a hash does not.
        var test = Ml.Data.LoadFromEnumerable(TestRows.OrderByDescending(r => r.Contract, StringComparer.Ordinal).ToList());
        var refitted = Featurize().Fit(hash ? test : train).Transform(test);
        var pipeline = fitted.Transform(test);
        SlotNamesOf(refitted).Count(n => n.Length > 0).ShouldBeGreaterThan(hash ? 2 : 10);

        Scores(model, refitted).ShouldBe(Scores(model, pipeline));
    }

    [Fact]
    public void Transform_ColumnsConcatenatedInAnotherOrder_RefusedNamingTheSlot()
    {
        // The encoder fitted with the model, its vector concatenated after X instead of before: every name unique, X at slot 0.
        var encoded = Trained.Value.Featurizer.Transform(Test);
        var swapped = Ml.Transforms.Concatenate("Features", "X", "ContractVec").Fit(encoded).Transform(Ml.Transforms.DropColumns("Features").Fit(encoded).Transform(encoded));
        SlotNamesOf(swapped)[0].ShouldBe("X");

        var error = Should.Throw<ArgumentOutOfRangeException>(() => Model.Transform(swapped));

        error.Message.ShouldContain($"slot 0 is 'X' in the data being scored but '{SlotNamesOf(Featurized)[0]}' in the model, which had 'X' at slot 3");
    }

    [Fact]
    public void Transform_DuplicateSlotNamesFromAColumnConcatenatedTwice_SameOrderScoresAnotherOrderRefused()
    {
        IEstimator<ITransformer> Featurize(KeyOrdinality order) => Ml.Transforms.Categorical.OneHotEncoding("ContractVec", "Contract", keyOrdinality: order)
            .Append(Ml.Transforms.Concatenate("Features", "ContractVec", "X", "ContractVec"));
        var train = Ml.Data.LoadFromEnumerable(TrainRows);
        var fitted = Featurize(KeyOrdinality.ByOccurrence).Fit(train);
        var model = Ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, EnsembleSize = 1, Seed = 3, RecordDiagnostics = false })
            .Fit(fitted.Transform(train));
        var names = SlotNamesOf(fitted.Transform(Test));
        names.Distinct().Count().ShouldBeLessThan(names.Length); // each contract's name twice

        Scores(model, Featurize(KeyOrdinality.ByOccurrence).Fit(train).Transform(Test)).ShouldBe(Scores(model, fitted.Transform(Test)));
        Should.Throw<ArgumentOutOfRangeException>(() => model.Transform(Featurize(KeyOrdinality.ByValue).Fit(Test).Transform(Test))).ParamName.ShouldBe("feature");
    }

    [Fact]
    public void Transform_EncodedColumnRenamedSoTheNamesDiffer_Scores()
    {
        var renamed = Featurizer(KeyOrdinality.ByValue, vector: "PlanVec").Fit(Test).Transform(Test); // "PlanVec.One year"...
        SlotNamesOf(renamed).ShouldNotBe(SlotNamesOf(Featurized));

        Scores(Model, renamed).Length.ShouldBe(TestRows.Count);
    }

    [Fact]
    public void Transform_FeaturesWithoutSlotNames_ScoresAsThePipeline()
    {
        var vectors = Featurized.GetColumn<float[]>("Features").Select(f => new Dense { Features = f }).ToList();
        var unnamed = Ml.Data.LoadFromEnumerable(vectors);
        unnamed.Schema["Features"].HasSlotNames().ShouldBeFalse();

        Scores(Model, unnamed).ShouldBe(Scores(Model, Featurized));
    }

    [Fact]
    public void SaveBackpropThenLoad_OneHotRefittedInAnotherOrder_StillRefused()
    {
        var stream = new MemoryStream();
        Ml.Model.SaveBackprop(Model, Featurized.Schema, stream);
        stream.Position = 0;
        var loaded = Ml.Model.LoadBackprop(stream, out _);

        Should.Throw<ArgumentOutOfRangeException>(() => loaded.Transform(RefittedByValue)).ParamName.ShouldBe("feature");
        Scores(loaded, Featurized).ShouldBe(Scores(Model, Featurized));
    }

    [Fact]
    public void LoadBackprop_FeaturizerSegmentReplacedByOneRefittedInAnotherOrder_ThrowsInvalidDataWrappingTheRefusal()
    {
        // Files SaveBackprop refuses to write: the saved featurizer replaced (checksum fixed) by one whose slots moved.
        var pipeline = new MemoryStream();
        Ml.Model.SaveBackprop(new TransformerChain<ITransformer>(Trained.Value.Featurizer, Model), Test.Schema, pipeline);
        var refitted = new MemoryStream();
        Ml.Model.SaveBackprop(Featurizer(KeyOrdinality.ByValue).Fit(Ml.Data.LoadFromEnumerable(TrainRows)), Test.Schema, refitted);
        var bytes = ContainerSurgery.Replace(pipeline.ToArray(), "seg001.mlnet",
            s => s.Write(ContainerSurgery.Entry(refitted.ToArray(), "seg001.mlnet")), fixChecksum: true);

        var e = Should.Throw<InvalidDataException>(() => Ml.Model.LoadBackprop(new MemoryStream(bytes), out _));

        e.Message.ShouldContain("entry 'seg002.backprop-mlp.bin' does not accept the schema produced by the entries before it");
        e.InnerException.ShouldBeOfType<ArgumentOutOfRangeException>().ParamName.ShouldBe("feature");
        e.Message.ShouldContain("orders its slots differently from the data the model was trained on");
    }

    [Fact]
    public void LoadFormat12Model_OneHotRefittedInAnotherOrder_ScoresWithoutTheCheck()
    {
        var m = Model.Model;
        var current = new MemoryStream();
        ModelSerializer.Write(new SerializedModel(m.Task, m.Loss, m.ClassNames, m.Networks, m.NetworkHistories, m.TargetOffset, m.TargetScale) { Calibration = m.OutputCalibration }, current);
        var bytes = SerializedModels.AsVersion(current.ToArray(), 12);
        var segment = new MemoryStream();
        using (var w = new BinaryWriter(segment, System.Text.Encoding.UTF8, leaveOpen: true)) w.Write("Features");
        segment.Write(bytes);
        segment.Position = 0;

        var loaded = new BackpropTransformerCodec().Load(Ml.Model, segment, Featurized.Schema);

        ((BackpropTransformer)loaded).Model.SlotNames.ShouldBeNull();
        Scores(loaded, RefittedByValue).Length.ShouldBe(TestRows.Count);
        Scores(loaded, Featurized).ShouldBe(Scores(Model, Featurized));
    }
}
