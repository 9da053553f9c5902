using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNet.Backprop.Integration.Serialization;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The settings record the input stage a network trained with, the automatic values resolved (what
/// <see cref="NumericEncoding.Auto"/> became, not "Auto"), and keep it in the model's file and the history's JSON;
/// histories saved before it was recorded read with it null.</summary>
public class TrainingSettingsInputStageTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropModel Fit(Action<BackpropTrainer.Options>? set = null, IDataView? data = null)
    {
        var options = new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 3, Seed = 2, EnsembleSize = 1 };
        set?.Invoke(options);
        return Ml.BinaryClassification.Trainers.Backprop(options).Fit(data ?? Tabular.Load(Ml, 300, 1)).Model;
    }

    [Theory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void Fit_DefaultsDense_RecordsAutosComposedStage(DataLoading loading)
    {
        var s = Fit(o => { o.DataLoading = loading; o.StreamingBlockSize = 64; }).History.Settings.ShouldNotBeNull();

        s.NumericEncoding.ShouldBe(NumericEncoding.PiecewiseLinearAndPeriodic);
        s.NumericScaling.ShouldBe(NumericScaling.RobustSmoothClip);
        s.LearnedFeatureScales.ShouldBe(true);
        s.SparseInput.ShouldBe(false);
        s.NumericBins.ShouldBe(32);
        s.NumericBinning.ShouldBe(NumericBinning.Supervised);
    }

    [Fact]
    public void Fit_DefaultsOnSparseRows_RecordsTheSparsePathWithNone()
    {
        var s = Fit(data: SparseRows.Load(Ml, rows: 200, slots: 300, perRow: 5, seed: 1)).History.Settings.ShouldNotBeNull();

        s.SparseInput.ShouldBe(true);
        s.NumericEncoding.ShouldBe(NumericEncoding.None);
        s.NumericScaling.ShouldBe(NumericScaling.Standard);
        s.LearnedFeatureScales.ShouldBe(false);
        s.NumericBins.ShouldBeNull();
    }

    [Fact]
    public void Fit_ExplicitPiecewiseLinearEightBins_RecordsTheOptionsBins()
    {
        var s = Fit(o => { o.NumericEncoding = NumericEncoding.PiecewiseLinear; o.NumericBins = 8; }).History.Settings.ShouldNotBeNull();

        s.NumericEncoding.ShouldBe(NumericEncoding.PiecewiseLinear);
        s.NumericScaling.ShouldBe(NumericScaling.Standard);   // Auto scaling with an explicit encoding
        s.LearnedFeatureScales.ShouldBe(false);
        s.NumericBins.ShouldBe(8);
        s.NumericBinning.ShouldBe(NumericBinning.Quantile);
    }

    [Fact]
    public void Fit_DefaultsOnConstantFeatures_RecordsNoBins()
    {
        // No feature gives a bin: the automatic encoding trains without its piecewise-linear part, so no bins are recorded.
        var rows = Tabular.Rows(200, 1).Select(r => { r.Features = [1f, 2f, 3f, 4f]; return r; }).ToList();

        var s = Fit(data: Ml.Data.LoadFromEnumerable(rows)).History.Settings.ShouldNotBeNull();

        s.NumericEncoding.ShouldBe(NumericEncoding.PiecewiseLinearAndPeriodic);
        s.NumericBins.ShouldBeNull();
        s.NumericBinning.ShouldBeNull();
    }

    [Fact]
    public void SaveBackprop_DefaultFit_ReloadedSettingsKeepTheInputStage()
    {
        var train = Tabular.Load(Ml, 300, 1);
        var model = Ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 3, Seed = 2, EnsembleSize = 1 }).Fit(train);
        using var stream = new MemoryStream();
        Ml.Model.SaveBackprop(model, train.Schema, stream);
        stream.Position = 0;

        var loaded = ((BackpropTransformer)((IEnumerable<ITransformer>)Ml.Model.LoadBackprop(stream, out _)).Single()).Model;

        var s = loaded.History.Settings.ShouldNotBeNull();
        s.ShouldBe(model.Model.History.Settings);
        (s.NumericEncoding, s.NumericScaling, s.LearnedFeatureScales, s.NumericBins, s.NumericBinning)
            .ShouldBe((NumericEncoding.PiecewiseLinearAndPeriodic, NumericScaling.RobustSmoothClip, true, 32, NumericBinning.Supervised));
    }

    [Fact]
    public void Read_HistoryWithoutInputStage_WrittenAsBeforeAndLoadsItUnrecorded()
    {
        // A file saved before the stage was recorded: its settings' JSON has none of the new fields.
        var model = Fit();
        var recorded = model.History.Settings.ShouldNotBeNull();
        System.Text.Encoding.UTF8.GetString(SerializedModels.Bytes(model)).ShouldContain("\"NumericEncoding\":\"PiecewiseLinearAndPeriodic\"");
        model.History.Settings = recorded with
        {
            NumericEncoding = null, NumericScaling = null, LearnedFeatureScales = null, SparseInput = null, NumericBinning = null, NumericBins = null,
        };
        var bytes = SerializedModels.Bytes(model);
        System.Text.Encoding.UTF8.GetString(bytes).ShouldNotContain("NumericEncoding");

        var s = ModelSerializer.Read(new MemoryStream(bytes)).History.Settings.ShouldNotBeNull();

        s.Seed.ShouldBe(recorded.Seed);
        (s.NumericEncoding, s.NumericScaling, s.LearnedFeatureScales, s.SparseInput, s.NumericBinning, s.NumericBins).ShouldBe((null, null, null, null, null, null));
    }

    [Fact]
    public void FromJson_HistoryWithTheStage_RoundTripsAndWithoutItReadsUnrecorded()
    {
        var history = Fit().History;
        var json = JsonNode.Parse(history.ToJson())!.AsObject();
        var settings = json["settings"]!.AsObject();
        settings["numericEncoding"]!.GetValue<string>().ShouldBe("PiecewiseLinearAndPeriodic");
        TrainingHistory.FromJson(history.ToJson()).Settings.ShouldBe(history.Settings);

        foreach (var key in new[] { "numericEncoding", "numericScaling", "learnedFeatureScales", "sparseInput", "numericBinning", "numericBins" })
            settings.Remove(key).ShouldBeTrue(key);
        var old = TrainingHistory.FromJson(json.ToJsonString()).Settings.ShouldNotBeNull();

        old.NumericEncoding.ShouldBeNull();
        old.NumericBins.ShouldBeNull();
        old.MaximumEpochs.ShouldBe(history.Settings!.MaximumEpochs);
    }

    [Theory]
    [InlineData("\"numericEncoding\": \"PiecewiseLinearAndPeriodic\"", "\"numericEncoding\": \"Auto\"", "NumericEncoding")]
    [InlineData("\"numericScaling\": \"RobustSmoothClip\"", "\"numericScaling\": \"Auto\"", "NumericScaling")]
    [InlineData("\"numericBins\": 32", "\"numericBins\": 0", "NumericBins")]
    public void FromJson_UnresolvedOrImpossibleStage_ThrowsNamingTheField(string recorded, string replacement, string field)
    {
        string json = Fit().History.ToJson();
        json.ShouldContain(recorded);

        Should.Throw<JsonException>(() => TrainingHistory.FromJson(json.Replace(recorded, replacement, StringComparison.Ordinal))).Message.ShouldContain(field);
    }
}
