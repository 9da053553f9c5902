using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Scoring;

/// <summary>
/// The slot-order check on vectors wider than the 65,536 slots whose names a model stored before: a sparse vector of
/// 70,000 named slots (a bag of words, as FeaturizeText gives) stores every name, scores through its own slots exactly as
/// a model without names does, and refuses data whose names moved beyond slot 65,536, after SaveBackprop/LoadBackprop
/// too; a format-12 file of the same model (no names) loads and scores without the check. And FeaturizeText itself: a
/// word bag refitted on other rows at the same width is refused naming the column and a moved slot.
/// </summary>
public class ScoringSlotsWideTests
{
    private const int Slots = 70_000;
    private const int Moved = 66_000; // beyond the former cap: the pair 66,000/66,001 swapped in the scoring data's names

    private static readonly MLContext Ml = new(seed: 1);

    private static string[] Names(bool swapped) => Enumerable.Range(0, Slots)
        .Select(s => $"w{(swapped && s == Moved ? Moved + 1 : swapped && s == Moved + 1 ? Moved : s)}").ToArray();

    /// <summary>SparseRows' rows, 6 non-zeros a row on average, with the slot names <see cref="Names"/>.</summary>
    private static IDataView Wide(int rows, int seed, bool swapped)
    {
        var (offsets, indices, values, labels, targets) = SparseRows.Csr(rows, Slots, perRow: 6, seed);
        var data = Enumerable.Range(0, rows).Select(r =>
        {
            int from = offsets[r], count = offsets[r + 1] - from;
            return new SparseRows.Row { Features = new VBuffer<float>(Slots, count, values[from..(from + count)], indices[from..(from + count)]), Label = labels[r], Value = targets[r] };
        }).ToList();
        return Ml.Data.LoadFromEnumerable(data, Definition(swapped));
    }

    /// <summary>The rows' schema: a vector of <see cref="Slots"/> Singles named <see cref="Names"/>.</summary>
    private static SchemaDefinition Definition(bool swapped)
    {
        var schema = SchemaDefinition.Create(typeof(SparseRows.Row));
        var features = schema[nameof(SparseRows.Row.Features)];
        features.ColumnType = new VectorDataViewType(NumberDataViewType.Single, Slots);
        var names = Names(swapped).Select(n => n.AsMemory()).ToArray();
        features.AddAnnotation("SlotNames", new VBuffer<ReadOnlyMemory<char>>(Slots, names), new VectorDataViewType(TextDataViewType.Instance, Slots));
        return schema;
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
    }

    private static readonly Lazy<BackpropTransformer> Trained = new(() => Ml.BinaryClassification.Trainers.Backprop(
        new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 2, EnsembleSize = 1, Seed = 3, RecordDiagnostics = false }).Fit(Wide(300, seed: 1, swapped: false)));

    private static BackpropTransformer Model => Trained.Value;

    private static readonly IDataView Test = Wide(80, seed: 2, swapped: false);

    private static readonly IDataView Swapped = Wide(80, seed: 2, swapped: true);

    /// <summary>The same model with <paramref name="names"/> as its stored slot names (null: none, as before the check).</summary>
    private static BackpropTransformer WithSlotNames(BackpropTransformer model, IReadOnlyList<string>? names)
    {
        var m = model.Model;
        return new BackpropTransformer(new BackpropModel(m.Task, m.Networks, m.Loss, m.ClassNames, m.History, m.TargetOffset, m.TargetScale, m.Categorical)
        {
            NetworkHistories = m.NetworkHistories, OutputCalibration = m.OutputCalibration, SlotNames = names,
        }, model.FeatureColumnName);
    }

    [Fact]
    public void Fit_VectorWiderThan65536Slots_StoresEveryName()
    {
        Model.Model.FeatureCount.ShouldBe(Slots);
        Model.Model.SlotNames.ShouldBe(Names(swapped: false));
    }

    [Fact]
    public void Transform_WideVectorInItsTrainedOrder_ScoresBitIdenticalToTheModelWithoutNames()
    {
        var scores = Scored.Values(Model, Test);

        scores.ShouldBe(Scored.Values(WithSlotNames(Model, null), Test));
        scores.Distinct().Count().ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Transform_WideVectorWithNamesMovedBeyondTheFormerCap_RefusedNamingTheColumnAndSlot()
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(() => Model.Transform(Swapped));

        error.ParamName.ShouldBe("feature");
        error.Message.ShouldContain($"Feature column 'Features' orders its slots differently from the data the model was trained on: slot {Moved} is " +
            $"'w{Moved + 1}' in the data being scored but 'w{Moved}' in the model, which had 'w{Moved + 1}' at slot {Moved + 1}");
        Should.Throw<ArgumentOutOfRangeException>(() => Ml.Model.CreatePredictionEngine<SparseRows.Row, Prediction>(Model, inputSchemaDefinition: Definition(swapped: true)))
            .ParamName.ShouldBe("feature");
        // Without the names (a model of format 12) the same data is scored as it comes.
        Scored.Values(WithSlotNames(Model, null), Swapped).Length.ShouldBe(80);
    }

    [Fact]
    public void SaveBackpropThenLoad_WideVector_NamesKeptScoresIdenticalMovedNamesRefused()
    {
        var loaded = SavedAndLoaded.Reload(Ml, Model, Test.Schema);

        SavedAndLoaded.ModelOf(loaded).SlotNames.ShouldBe(Names(swapped: false));
        Scored.Values(loaded, Test).ShouldBe(Scored.Values(Model, Test));
        Should.Throw<ArgumentOutOfRangeException>(() => loaded.Transform(Swapped)).Message.ShouldContain($"slot {Moved} is 'w{Moved + 1}'");
    }

    [Fact]
    public void LoadFormat12Model_WideVector_ScoresAsBeforeWithoutTheCheck()
    {
        var m = Model.Model;
        var current = new MemoryStream();
        ModelSerializer.Write(new SerializedModel(m.Task, m.Loss, m.ClassNames, m.Networks, m.NetworkHistories, m.TargetOffset, m.TargetScale) { Calibration = m.OutputCalibration }, current);
        var segment = new MemoryStream();
        using (var w = new BinaryWriter(segment, System.Text.Encoding.UTF8, leaveOpen: true)) w.Write("Features");
        segment.Write(SerializedModels.AsVersion(current.ToArray(), 12));
        segment.Position = 0;

        var loaded = new BackpropTransformerCodec().Load(Ml.Model, segment, Test.Schema);

        ((BackpropTransformer)loaded).Model.SlotNames.ShouldBeNull();
        Scored.Values(loaded, Test).ShouldBe(Scored.Values(Model, Test));
        Scored.Values(loaded, Swapped).Length.ShouldBe(80);
    }

    private sealed class Review
    {
        public string Text { get; set; } = "";
        public bool Label { get; set; }
    }

    /// <summary>Reviews of 8 words from a vocabulary of 300, the label whether the first ten words outnumber the next ten.</summary>
    private static IDataView Reviews(int rows, int seed)
    {
        var random = new Random(seed);
        return Ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(_ =>
        {
            var words = Enumerable.Range(0, 8).Select(_ => random.Next(300)).ToArray();
            return new Review { Text = string.Join(' ', words.Select(w => $"word{w}")), Label = words.Count(w => w < 10) > words.Count(w => w is >= 10 and < 20) };
        }).ToList());
    }

    /// <summary>A word bag of the first 200 words met (no character n-grams): 200 slots, whichever rows it is fitted on.</summary>
    private static IEstimator<ITransformer> WordBag() => Ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
    {
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1, MaximumNgramsCount = [200] },
        CharFeatureExtractor = null,
    }, "Text");

    [Fact]
    public void Transform_FeaturizeTextRefittedOnOtherRows_RefusedNamingTheColumnAndAMovedSlotOwnPipelineScoresAsWithoutNames()
    {
        var train = Reviews(400, seed: 1);
        var featurizer = WordBag().Fit(train);
        var model = Ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 2, EnsembleSize = 1, Seed = 3, RecordDiagnostics = false })
            .Fit(featurizer.Transform(train));
        var test = Reviews(150, seed: 2);
        var own = featurizer.Transform(test);
        var refitted = WordBag().Fit(test).Transform(test);
        var trained = ScoringSlotsTests.SlotNamesOf(own);
        var scored = ScoringSlotsTests.SlotNamesOf(refitted);
        scored.Length.ShouldBe(trained.Length);
        int slot = Enumerable.Range(0, trained.Length).First(s => trained[s] != scored[s] && trained.Contains(scored[s]));

        model.Model.SlotNames.ShouldBe(trained);
        Scored.Values(model, own).ShouldBe(Scored.Values(WithSlotNames(model, null), own));
        var error = Should.Throw<ArgumentOutOfRangeException>(() => model.Transform(refitted));
        error.Message.ShouldContain($"Feature column 'Features' orders its slots differently from the data the model was trained on: slot {slot} is " +
            $"'{scored[slot]}' in the data being scored but '{trained[slot]}' in the model, which had '{scored[slot]}' at slot {Array.IndexOf(trained, scored[slot])}");
    }
}
