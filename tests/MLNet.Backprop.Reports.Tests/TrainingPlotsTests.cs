using System.Xml.Linq;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace MLNet.Backprop.Reports.Tests;

public class TrainingPlotsTests(TrainedRun run) : IClassFixture<TrainedRun>
{
    public static TheoryData<string> PlotNames => ["loss", "gradient-flow", "gradient-histograms", "dead-units"];

    private Plot Make(string name) => name switch
    {
        "loss" => TrainingPlots.LossCurves(run.Model.History),
        "gradient-flow" => TrainingPlots.GradientFlow(run.Model.History),
        "gradient-histograms" => TrainingPlots.GradientHistograms(run.Model.History, [1, 12]),
        "dead-units" => TrainingPlots.DeadUnits(run.Model.History),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(PlotNames))]
    public void Each_plot_renders_a_png(string name)
    {
        byte[] png = PlotExport.ToPng(Make(name), 800, 450);
        png.Take(8).ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        png.Length.ShouldBeGreaterThan(10_000);
        SaveExample(name, png);
    }

    [Theory]
    [MemberData(nameof(PlotNames))]
    public void Each_plot_renders_an_svg_that_parses_and_names_its_series(string name)
    {
        string svg = PlotExport.ToSvg(Make(name), 800, 450);
        var document = XDocument.Parse(svg);
        document.Root!.Name.LocalName.ShouldBe("svg");
        string[] expected = name switch
        {
            "loss" => ["Loss", "training", "validation", "epoch"],
            "gradient-flow" => ["Gradient flow", "layer 0", "layer 1", "layer 3 (output)", "largest batch"],
            "gradient-histograms" => ["Gradient magnitudes", "layer 0", "layer 3 (output)", "epoch 1", "epoch 12"],
            _ => ["Dead units", "layer 0 dead", "layer 2 dead"],
        };
        string text = string.Concat(document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + "\n"));
        foreach (string label in expected) text.ShouldContain(label);
    }

    [Fact]
    public void Gradient_flow_is_drawn_on_a_log10_axis()
    {
        var history = run.Model.History;
        var plot = TrainingPlots.GradientFlow(history);

        // The data is log10(norm) and every labelled tick sits at log10 of the value its label shows.
        var generator = plot.Axes.Left.TickGenerator.ShouldBeOfType<NumericManual>();
        plot.GetSvgXml(800, 450).ShouldNotBeNullOrEmpty(); // lay out the ticks
        var labelled = generator.Ticks.Where(t => t.IsMajor).ToList();
        labelled.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var tick in labelled)
            tick.Position.ShouldBe(Math.Log10(double.Parse(tick.Label, System.Globalization.CultureInfo.InvariantCulture)), 1e-9, tick.Label);
        generator.Ticks.Count(t => !t.IsMajor).ShouldBeGreaterThan(0); // log-spaced minor ticks
        PlotStyle.TickLabel(1, -3).ShouldBe("1e-3");
        PlotStyle.TickLabel(5, -2).ShouldBe("0.05");
        PlotStyle.TickLabel(2, 0).ShouldBe("2");

        var layer0 = plot.GetPlottables().OfType<Scatter>().Single(s => s.LegendText == "layer 0");
        var points = layer0.Data.GetScatterPoints();
        points.Count.ShouldBe(history.Epochs.Count);
        for (int e = 0; e < points.Count; e++) points[e].Y.ShouldBe(Math.Log10(history.Epochs[e].Layers[0].GradientNormMean), 1e-12);
    }

    [Fact]
    public void Layers_keep_their_colour_across_plots()
    {
        var flow = TrainingPlots.GradientFlow(run.Model.History).GetPlottables().OfType<Scatter>().Single(s => s.LegendText == "layer 1");
        var dead = TrainingPlots.DeadUnits(run.Model.History).GetPlottables().OfType<Scatter>().Single(s => s.LegendText == "layer 1 dead");
        flow.Color.ShouldBe(PlotStyle.LayerColor(1));
        dead.Color.ShouldBe(PlotStyle.LayerColor(1));
    }

    [Fact]
    public void Gradient_histograms_default_to_first_middle_last_and_reject_unknown_epochs()
    {
        var plot = TrainingPlots.GradientHistograms(run.Model.History);
        plot.GetPlottables().OfType<Scatter>().Count().ShouldBe(3 * 4); // 3 epochs × 4 layers
        var legend = plot.Legend.ManualItems.Select(i => i.LabelText).ToList();
        legend.ShouldContain("epoch 1");
        legend.ShouldContain("epoch 6");
        legend.ShouldContain("epoch 12");
        legend.ShouldContain(l => l.StartsWith("layer 0", StringComparison.Ordinal));
        legend.Count.ShouldBe(4 + 3);
        Should.Throw<ArgumentOutOfRangeException>(() => TrainingPlots.GradientHistograms(run.Model.History, [13]));
    }

    [Fact]
    public void SaveAll_writes_the_png_files()
    {
        string directory = Path.Combine(Path.GetTempPath(), "mlnet-backprop-reports-" + Guid.NewGuid().ToString("N"));
        try
        {
            var paths = TrainingPlots.SaveAll(run.Model.History, directory, "run-");
            paths.Select(Path.GetFileName).ShouldBe(["run-loss.png", "run-gradient-flow.png", "run-gradient-histograms.png", "run-dead-units.png"]);
            paths.ShouldAllBe(p => new FileInfo(p).Length > 10_000);
            string svg = PlotExport.SaveSvg(TrainingPlots.LossCurves(run.Model.History), Path.Combine(directory, "sub", "loss.svg"));
            XDocument.Load(svg).Root!.Name.LocalName.ShouldBe("svg");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>With MLNET_BACKPROP_PLOT_DIR set, keeps the rendered plots there to look at.</summary>
    internal static void SaveExample(string name, byte[] png)
    {
        string? directory = Environment.GetEnvironmentVariable("MLNET_BACKPROP_PLOT_DIR");
        if (string.IsNullOrEmpty(directory)) return;
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, name + ".png"), png);
    }
}
