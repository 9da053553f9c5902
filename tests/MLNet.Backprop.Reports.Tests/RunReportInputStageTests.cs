using System.Text.Json.Nodes;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Reports.Tests;

/// <summary>The settings table shows the input stage as it trained: what the automatic encoding and scaling resolved
/// to, and the bins and scales they brought in place of the options', not the options as set.</summary>
public class RunReportInputStageTests(TrainedRun run) : IClassFixture<TrainedRun>
{
    private static string Row(string name, string value) => $"<th scope=\"row\">{name}</th><td>{value}</td>";

    [Fact]
    public void Settings_DefaultInputStageInMemory_ShowsWhatAutoResolvedTo()
    {
        run.Options.NumericEncoding.ShouldBe(NumericEncoding.Auto); // the fixture keeps the default stage

        string html = HtmlReport.Build(run.Model, run.Options, run.Metrics, "report");

        html.ShouldContain(Row("NumericEncoding", "Auto → PiecewiseLinearAndPeriodic"));
        html.ShouldContain(Row("NumericScaling", "Auto → RobustSmoothClip"));
        html.ShouldContain(Row("NumericBins", "16 ignored by Auto → 32, Supervised"));
        html.ShouldContain(Row("NumericBinning", "Quantile ignored by Auto → 32, Supervised"));
        html.ShouldContain(Row("LearnFeatureScales", "false → true (Auto&#39;s stage)"));
        html.ShouldContain(Row("SparseInput", "auto → dense"));
    }

    [Fact]
    public void Settings_ExplicitPiecewiseLinear_ShowsTheOptionsAsSet()
    {
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [8], NumberOfEpochs = 2, Seed = 3, EnsembleSize = 1, NumericEncoding = NumericEncoding.PiecewiseLinear, NumericBins = 8,
        };
        var model = run.Ml.BinaryClassification.Trainers.Backprop(options).Fit(run.Train).Model;

        string html = HtmlReport.Build(model, options, null, "explicit");

        html.ShouldContain(Row("NumericEncoding", "PiecewiseLinear"));
        html.ShouldContain(Row("NumericScaling", "Auto → Standard"));
        html.ShouldContain(Row("NumericBins", "8"));
        html.ShouldContain(Row("LearnFeatureScales", "false"));
    }

    [Fact]
    public void Settings_WithoutOptions_ShowsTheRecordedStage()
    {
        string html = HtmlReport.Build(run.Model.History, null, null, null, "recorded", summary: null);

        html.ShouldContain(Row("NumericEncoding", "PiecewiseLinearAndPeriodic"));
        html.ShouldContain(Row("NumericScaling", "RobustSmoothClip"));
        html.ShouldContain(Row("LearnedFeatureScales", "true"));
        html.ShouldContain(Row("SparseInput", "false"));
        html.ShouldContain(Row("NumericBins", "32"));
        html.ShouldContain(Row("NumericBinning", "Supervised"));
    }

    [Fact]
    public void Settings_HistorySavedBeforeTheStageWasRecorded_SaysNotRecorded()
    {
        var json = JsonNode.Parse(run.Model.History.ToJson())!.AsObject();
        var settings = json["settings"]!.AsObject();
        foreach (var key in new[] { "numericEncoding", "numericScaling", "learnedFeatureScales", "sparseInput", "numericBinning", "numericBins" })
            settings.Remove(key).ShouldBeTrue(key);
        var old = TrainingHistory.FromJson(json.ToJsonString());

        string recorded = HtmlReport.Build(old, null, null, null, "old", summary: null);
        string withOptions = HtmlReport.Build(old, null, run.Options, null, "old", summary: null);

        recorded.ShouldContain(Row("NumericEncoding", "not recorded"));
        recorded.ShouldContain(Row("NumericBins", "not recorded"));
        withOptions.ShouldContain(Row("NumericEncoding", "Auto → not recorded"));
        withOptions.ShouldContain(Row("NumericBins", "16"));
        withOptions.ShouldContain(Row("LearnFeatureScales", "false"));
    }
}
