using System.Xml.Linq;
using Microsoft.ML;
using MLNet.Backprop.Experiments;
using ScottPlot.Plottables;

namespace MLNet.Backprop.Reports.Tests;

public sealed class SweepFixture
{
    public SweepFixture()
    {
        var ml = new MLContext(0);
        Result = new ExperimentSweep(new BackpropTrainer.Options { HiddenLayers = [16, 8], NumberOfEpochs = 6, BatchSize = 32, ValidationFraction = 0.2f })
            .WithLearningRates(0.03f, 0.001f)
            .WithActivations(Activation.ReLU, Activation.Tanh)
            .Run(ml, TrainedRun.Load(ml, 500, 1), TrainedRun.Load(ml, 200, 2));
    }

    public SweepResult Result { get; }
}

public class SweepReportTests(SweepFixture sweep) : IClassFixture<SweepFixture>
{
    [Fact]
    public void Overlay_plots_have_one_line_per_run_labelled_by_its_settings()
    {
        var loss = SweepPlots.LossCurves(sweep.Result);
        var labelled = loss.GetPlottables().OfType<Scatter>().Where(s => !string.IsNullOrEmpty(s.LegendText)).Select(s => s.LegendText).ToList();
        labelled.ShouldBe(sweep.Result.Runs.Select(r => r.Label));
        labelled.ShouldContain("lr=0.03, act=Tanh");

        var flow = SweepPlots.GradientFlow(sweep.Result);
        flow.GetPlottables().OfType<Scatter>().Count().ShouldBe(4);
        string svg = PlotExport.ToSvg(flow, 900, 500);
        string text = string.Concat(XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + "\n"));
        text.ShouldContain("lr=0.001, act=ReLU");

        byte[] png = PlotExport.ToPng(loss);
        png.Length.ShouldBeGreaterThan(10_000);
        TrainingPlotsTests.SaveExample("sweep-loss", png);
        TrainingPlotsTests.SaveExample("sweep-gradient-flow", PlotExport.ToPng(flow));
    }

    [Fact]
    public void The_sweep_table_and_report_compare_the_runs()
    {
        string table = sweep.Result.ToTable();
        table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2 + 4);
        table.ShouldContain("AUC");
        table.ShouldContain("Activation");

        string directory = Path.Combine(Path.GetTempPath(), "mlnet-backprop-sweep-" + Guid.NewGuid().ToString("N"));
        try
        {
            var plots = SweepPlots.SaveAll(sweep.Result, directory);
            plots.Select(Path.GetFileName).ShouldBe(["sweep-loss.png", "sweep-gradient-flow.png"]);
            string html = File.ReadAllText(HtmlReport.WriteSweep(Path.Combine(directory, "sweep.html"), sweep.Result, "LR × activation"));
            html.ShouldContain("LR × activation");
            html.ShouldContain("lr=0.001, act=Tanh");
            html.Split("data:image/png;base64,").Length.ShouldBe(3);
            html.ShouldNotContain("src=\"http");
            // The runs as a table, one row per run, the best one highlighted.
            string runs = html[html.IndexOf("<table class=\"runs\">", StringComparison.Ordinal)..];
            runs = runs[..runs.IndexOf("</table>", StringComparison.Ordinal)];
            (runs.Split("<tr").Length - 2).ShouldBe(4);
            runs.Split("<tr class=\"kept\">").Length.ShouldBe(2);
            runs.ShouldContain($"<td class=\"num\">{sweep.Result.Best()!.Configuration.Index}</td>");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
