using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MLNet.Backprop.Reports;

/// <summary>The shared look of the plots: colours per layer and per run, fonts, log axes.</summary>
public static class PlotStyle
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>The colour of layer <paramref name="layer"/> (0 = first hidden layer), the same in every plot.</summary>
    /// <param name="layer">The layer index.</param>
    public static Color LayerColor(int layer) => Palette.GetColor(layer);

    /// <summary>The colour of the <paramref name="index"/>-th run of a sweep.</summary>
    /// <param name="index">The run's position.</param>
    public static Color RunColor(int index) => Palette.GetColor(index);

    /// <summary>"layer 0" … "layer 2 (output)": how a layer is named in legends.</summary>
    /// <param name="layer">The layer index.</param>
    /// <param name="layerCount">Number of layers, output included.</param>
    public static string LayerName(int layer, int layerCount) =>
        layer == layerCount - 1 ? $"layer {layer} (output)" : $"layer {layer}";

    /// <summary>A new plot with a title, axis labels, readable fonts and a light grid.</summary>
    internal static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 18);
        plot.XLabel(xLabel, size: 14);
        plot.YLabel(yLabel, size: 14);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.1);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.04);
        plot.Grid.MinorLineWidth = 1;
        return plot;
    }

    /// <summary>Turns the left axis into a log10 axis: the data must be plotted as log10(value); ticks show 1e-3 etc.</summary>
    internal static void LogLeftAxis(Plot plot)
    {
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = Decade,
        };
    }

    /// <summary>Turns the bottom axis into a log10 axis (data as log10(value)).</summary>
    internal static void LogBottomAxis(Plot plot)
    {
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = Decade,
        };
    }

    /// <summary>Epoch axis: integer ticks only.</summary>
    internal static void EpochAxis(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>"1e-3" for -3, "1" for 0, "10" for 1, "100" for 2.</summary>
    internal static string Decade(double exponent)
    {
        int e = (int)Math.Round(exponent);
        return e switch
        {
            0 => "1",
            1 => "10",
            2 => "100",
            -1 => "0.1",
            -2 => "0.01",
            _ => "1e" + e.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The points (x, log10 y) with y finite and &gt; 0.</summary>
    internal static (double[] X, double[] Y) Log10Points(IEnumerable<(double X, double Y)> points)
    {
        var kept = points.Where(p => double.IsFinite(p.Y) && p.Y > 0).ToList();
        return (kept.Select(p => p.X).ToArray(), kept.Select(p => Math.Log10(p.Y)).ToArray());
    }

    /// <summary>The points with y finite.</summary>
    internal static (double[] X, double[] Y) FinitePoints(IEnumerable<(double X, double Y)> points)
    {
        var kept = points.Where(p => double.IsFinite(p.Y)).ToList();
        return (kept.Select(p => p.X).ToArray(), kept.Select(p => p.Y).ToArray());
    }
}
