using Microsoft.ML;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Reports.Tests;

/// <summary>The calibration section of the run report and the reliability plot.</summary>
public class CalibrationReportTests(TrainedRun run) : IClassFixture<TrainedRun>
{
    [Fact]
    public void Build_ClassifierWithHoldOut_ShowsTheCalibrationSectionWithItsMeasuresAndBins()
    {
        var report = run.Model.History.Calibration!;
        string html = HtmlReport.Build(run.Model, run.Options, run.Metrics, "run");

        html.ShouldContain("<a href=\"#calibration\">Calibration</a>");
        // An unweighted binary classifier with a hold-out of at least 100 rows: Auto fits Platt scaling.
        report.Method.ShouldBe(ProbabilityCalibration.Platt);
        html.ShouldContain("Probabilities: Platt.");
        html.ShouldContain($"expected calibration error ({CalibrationReport.BinCount} equal-width bins)");
        html.ShouldContain("Reliability diagram");
        string bins = html[html.IndexOf("<table class=\"reliability\">", StringComparison.Ordinal)..];
        bins = bins[..bins.IndexOf("</table>", StringComparison.Ordinal)];
        bins.Split("<tr>").Length.ShouldBe(1 + 1 + CalibrationReport.BinCount); // before the header, the header, one row a bin
        // Every network's own hold-out, pooled (the networks hold out equal stratified shares).
        run.Model.Networks.Count.ShouldBeGreaterThan(1);
        report.Rows.ShouldBe(run.Model.History.Settings!.ValidationRows * run.Model.Networks.Count);
    }

    [Fact]
    public void Build_ReliabilityBinWithoutRows_ShowsADashNotNaN()
    {
        // Separable data: the probabilities crowd at 0 and 1 and the middle bins are empty. Before: their mean predicted
        // and observed cells read "NaN", as if it were a measured figure.
        var ml = new MLContext(0);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 600).Select(_ =>
        {
            var x = Enumerable.Range(0, 6).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            return new GeneratedRow { Features = x, Label = x[0] > 0 };
        }).ToList();
        var options = new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 40, LearningRate = 3e-2f, ValidationFraction = 0.25f, Seed = 1 };
        var model = ml.BinaryClassification.Trainers.Backprop(options).Fit(ml.Data.LoadFromEnumerable(rows)).Model;
        var report = model.History.Calibration!;
        int empty = report.Bins.Count(b => b.Weight == 0);
        empty.ShouldBeGreaterThan(0, "the test needs a bin without rows");

        string html = HtmlReport.Build(model, options, null, "run");
        string bins = html[html.IndexOf("<table class=\"reliability\">", StringComparison.Ordinal)..];
        bins = bins[..bins.IndexOf("</table>", StringComparison.Ordinal)];
        bins.ShouldNotContain("NaN");
        bins.Split("<tr>").Count(r => r.Contains(">no rows<", StringComparison.Ordinal)).ShouldBe(empty);
    }

    [Fact]
    public void Reliability_Report_PlotsOneMarkerPerNonEmptyBin()
    {
        var report = run.Model.History.Calibration!;
        var plot = TrainingPlots.Reliability(report);
        int markers = plot.GetPlottables().OfType<ScottPlot.Plottables.Marker>().Count();
        markers.ShouldBe(report.Bins.Count(b => b.Weight > 0));
        markers.ShouldBeGreaterThan(1);
    }
}
