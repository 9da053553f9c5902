using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MLNet.Backprop.Reports;

/// <summary>The shared look of the plots: colours per layer and per run, fonts, log axes.</summary>
public static class PlotStyle
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>The first installed of a few clean sans-serif fonts, else ScottPlot's own sans choice.</summary>
    private static readonly Lazy<string> SansFont = new(() =>
    {
        string[] preferred = ["DejaVu Sans", "Segoe UI", "Helvetica Neue", "Helvetica", "Arial", "Liberation Sans", "Noto Sans"];
        try
        {
            var installed = new HashSet<string>(SkiaSharp.SKFontManager.Default.GetFontFamilies(), StringComparer.OrdinalIgnoreCase);
            return preferred.FirstOrDefault(installed.Contains) ?? Fonts.Sans;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or InvalidOperationException)
        {
            return Fonts.Sans;
        }
    });

    /// <summary>The colour of layer <paramref name="layer"/> (0 = first hidden layer), the same in every plot.</summary>
    /// <param name="layer">The layer index, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is negative.</exception>
    public static Color LayerColor(int layer) => Palette.GetColor(NonNegative(layer, nameof(layer)));

    /// <summary>The colour of the <paramref name="index"/>-th run of a sweep.</summary>
    /// <param name="index">The run's position, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static Color RunColor(int index) => Palette.GetColor(NonNegative(index, nameof(index)));

    // The palette cycles with a remainder, which is negative below 0 (an IndexOutOfRangeException from inside ScottPlot).
    private static int NonNegative(int value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be ≥ 0; got {value}.");

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
        plot.Legend.FontSize = 12;
        plot.Legend.SymbolWidth = 30;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.OutlineColor = Colors.Black.WithAlpha(0.25);
        plot.Font.Set(SansFont.Value);
        return plot;
    }

    /// <summary>
    /// Makes the left axis a log10 axis for data plotted as log10(value): limits fit <paramref name="log10Values"/>
    /// (padded), labelled ticks at every decade, at 1-2-5 steps below about two decades of data, at every 1…9 × 10^k
    /// below one decade,
    /// and minor ticks at 2…9 × 10^k.
    /// </summary>
    internal static void LogLeftAxis(Plot plot, IEnumerable<double> log10Values)
    {
        var (low, high) = Range(log10Values);
        plot.Axes.Left.TickGenerator = LogTicks(low, high);
        plot.Axes.SetLimitsY(low, high);
    }

    /// <summary>As <see cref="LogLeftAxis"/>, for the bottom axis.</summary>
    internal static void LogBottomAxis(Plot plot, IEnumerable<double> log10Values)
    {
        var (low, high) = Range(log10Values);
        plot.Axes.Bottom.TickGenerator = LogTicks(low, high);
        plot.Axes.SetLimitsX(low, high);
    }

    /// <summary>The padded log10 range of the values (a decade around 1 when there are none).</summary>
    private static (double Low, double High) Range(IEnumerable<double> log10Values)
    {
        var finite = log10Values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return (-1, 1);
        double min = finite.Min(), max = finite.Max();
        double pad = Math.Max(0.06 * (max - min), 0.08);
        return (min - pad, max + pad);
    }

    /// <summary>Manual log ticks for the log10 range [<paramref name="low"/>, <paramref name="high"/>].</summary>
    internal static NumericManual LogTicks(double low, double high)
    {
        var ticks = new NumericManual();
        int first = (int)Math.Floor(low), last = (int)Math.Ceiling(high);
        double span = high - low;
        int[] mantissas = span < 0.8 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : span < 2.2 ? [1, 2, 5] : [1];
        int decadeStep = span > 9 ? 2 : 1;
        for (int k = first; k <= last; k++)
        {
            for (int m = 1; m <= 9; m++)
            {
                double position = k + Math.Log10(m);
                if (position < low || position > high) continue;
                bool major = mantissas.Contains(m) && (m != 1 || (k - first) % decadeStep == 0 || decadeStep == 1);
                if (major) ticks.AddMajor(position, TickLabel(m, k));
                else ticks.AddMinor(position);
            }
        }
        return ticks;
    }

    /// <summary>"0.05", "2", "1e-3", "5e-4": the label of m × 10^k.</summary>
    internal static string TickLabel(int mantissa, int exponent)
    {
        if (exponent is >= -2 and <= 3)
            return (mantissa * Math.Pow(10, exponent)).ToString("0.##", CultureInfo.InvariantCulture);
        return mantissa.ToString(CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A legend entry drawn as a line (for explaining line styles).</summary>
    internal static LegendItem LineItem(string label, Color color, LinePattern pattern, float width = 2f) => new()
    {
        LabelText = label,
        LineColor = color,
        LinePattern = pattern,
        LineWidth = width,
    };

    /// <summary>Epoch axis limits: 1 … <paramref name="epochs"/> with a little margin.</summary>
    internal static void EpochLimits(Plot plot, int epochs)
    {
        double pad = Math.Max(0.3, 0.02 * epochs);
        plot.Axes.SetLimitsX(1 - pad, Math.Max(2, epochs) + pad);
    }

    /// <summary>Epoch axis: integer ticks only.</summary>
    internal static void EpochAxis(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };

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
