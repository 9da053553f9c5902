using System.Globalization;
using MLNet.Backprop.Training;
using ScottPlot;

namespace MLNet.Backprop.Reports;

/// <summary>
/// Plots of one training run from its <see cref="TrainingHistory"/>: loss curves, gradient flow, gradient-magnitude
/// histograms and dead units; from the model, what early stopping watched (<see cref="EarlyStopping"/>); from the
/// history's calibration report, the reliability diagram (<see cref="Reliability"/>). Each returns a ScottPlot <see cref="Plot"/> to adjust or render
/// (<see cref="PlotExport"/>); layers keep the same colour (<see cref="PlotStyle.LayerColor"/>) in every plot.
/// </summary>
public static partial class TrainingPlots
{
    /// <summary>Training loss (solid) and validation loss (dashed, when there is validation data) per epoch, with the
    /// kept epoch marked (a dotted line, unless it is the last epoch).</summary>
    /// <param name="history">The training history.</param>
    /// <param name="title">The title; default "Loss".</param>
    public static Plot LossCurves(TrainingHistory history, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var plot = PlotStyle.Create(title ?? "Loss", "epoch", "loss");
        PlotStyle.EpochAxis(plot);
        var epochs = history.Epochs;
        var (tx, ty) = PlotStyle.FinitePoints(epochs.Select(e => ((double)e.Epoch, e.TrainingLoss)));
        var train = plot.Add.ScatterLine(tx, ty, Colors.C0);
        train.LineWidth = 2.5f;
        train.MarkerSize = epochs.Count <= 40 ? 5 : 0;
        train.LegendText = "training";
        if (epochs.Any(e => e.ValidationLoss is not null))
        {
            var (vx, vy) = PlotStyle.FinitePoints(epochs.Where(e => e.ValidationLoss is not null).Select(e => ((double)e.Epoch, e.ValidationLoss!.Value)));
            var validation = plot.Add.ScatterLine(vx, vy, Colors.C1);
            validation.LineWidth = 2.5f;
            validation.LinePattern = LinePattern.Dashed;
            validation.MarkerSize = epochs.Count <= 40 ? 5 : 0;
            validation.LegendText = "validation";
        }
        if (history.BestEpoch > 0 && history.BestEpoch != epochs.Count)
        {
            var kept = plot.Add.VerticalLine(history.BestEpoch, 1.5f, Colors.Gray, LinePattern.Dotted);
            kept.LegendText = $"kept epoch {history.BestEpoch}";
        }
        PlotStyle.EpochLimits(plot, epochs.Count);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// The "gradient flow" picture: per layer, the L2 norm of its gradient over epochs on a log scale — the mean over
    /// the epoch's mini-batches (solid, with markers) and the largest batch (dashed, same colour). Layers far below the
    /// others receive vanishing gradients; rising lines are exploding gradients.
    /// </summary>
    /// <param name="history">The training history.</param>
    /// <param name="title">The title; default "Gradient flow".</param>
    public static Plot GradientFlow(TrainingHistory history, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var plot = PlotStyle.Create(title ?? "Gradient flow", "epoch", "gradient L2 norm (solid: mean, dashed: max)");
        PlotStyle.EpochAxis(plot);
        int layers = LayerCount(history);
        bool markers = history.Epochs.Count <= 40;
        var plotted = new List<double>();
        for (int layer = 0; layer < layers; layer++)
        {
            int l = layer;
            var color = PlotStyle.LayerColor(l);
            var (mx, my) = PlotStyle.Log10Points(history.Epochs.Where(e => e.Layers.Count > l).Select(e => ((double)e.Epoch, e.Layers[l].GradientNormMean)));
            var (xx, xy) = PlotStyle.Log10Points(history.Epochs.Where(e => e.Layers.Count > l).Select(e => ((double)e.Epoch, e.Layers[l].GradientNormMax)));
            plotted.AddRange(my);
            plotted.AddRange(xy);
            if (xx.Length > 0)
            {
                var max = plot.Add.ScatterLine(xx, xy, color.WithAlpha(0.7));
                max.LineWidth = 1.5f;
                max.LinePattern = LinePattern.Dashed;
                max.MarkerSize = 0;
            }
            if (mx.Length > 0)
            {
                var mean = plot.Add.ScatterLine(mx, my, color);
                mean.LineWidth = 2.5f;
                mean.MarkerSize = markers ? 5 : 0;
                mean.LegendText = PlotStyle.LayerName(l, layers);
            }
        }
        PlotStyle.LogLeftAxis(plot, plotted);
        PlotStyle.EpochLimits(plot, history.Epochs.Count);
        plot.Legend.ManualItems.Add(PlotStyle.LineItem("largest batch", Colors.Gray, LinePattern.Dashed, 1.5f));
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// Gradient-magnitude histograms of every layer at the chosen epochs (from each epoch's last mini-batch): share of
    /// the layer's gradients per half-decade of |g|, on a log |g| axis. Layers by colour; epochs by line style
    /// (dotted, dashed, solid from the earliest chosen to the latest). Exact zeros are counted in the legend.
    /// </summary>
    /// <param name="history">The training history (recorded with diagnostics on, so histograms exist).</param>
    /// <param name="epochs">Epochs (1-based) to show; default: the first, the middle and the last.</param>
    /// <param name="title">The title; default "Gradient magnitudes".</param>
    /// <exception cref="ArgumentOutOfRangeException">An epoch is not in the history.</exception>
    public static Plot GradientHistograms(TrainingHistory history, IEnumerable<int>? epochs = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var chosen = (epochs ?? DefaultEpochs(history)).Distinct().Order().ToList();
        foreach (int e in chosen)
            if (e < 1 || e > history.Epochs.Count)
                throw new ArgumentOutOfRangeException(nameof(epochs), e, $"Epoch {e} is not in the history (1 … {history.Epochs.Count}).");

        var plot = PlotStyle.Create(title ?? "Gradient magnitudes", "|gradient|", "share of the layer's gradients");
        int layers = LayerCount(history);
        int firstBin = GradientHistogram.BinCount, lastBin = -1;
        LinePattern[] patterns = [LinePattern.Dotted, LinePattern.Dashed, LinePattern.Solid];
        double top = 0;
        var patternOf = new Dictionary<int, LinePattern>();
        var lastZeros = new Dictionary<int, double>();
        for (int k = 0; k < chosen.Count; k++)
        {
            var report = history.Epochs[chosen[k] - 1];
            var pattern = patterns[Math.Max(0, patterns.Length - chosen.Count + k) % patterns.Length];
            if (chosen.Count > patterns.Length) pattern = k == chosen.Count - 1 ? LinePattern.Solid : patterns[k % 2];
            patternOf[report.Epoch] = pattern;
            for (int l = 0; l < report.Layers.Count; l++)
            {
                if (report.Layers[l].GradientHistogram is not { } histogram) continue;
                long total = histogram.Counts.Sum() + histogram.Zeros;
                if (total == 0) continue;
                double[] xs = Enumerable.Range(0, GradientHistogram.BinCount)
                    .Select(b => GradientHistogram.LowestExponent + (b + 0.5) * GradientHistogram.BinWidth).ToArray();
                double[] ys = histogram.Counts.Select(c => (double)c / total).ToArray();
                top = Math.Max(top, ys.Max());
                for (int b = 0; b < ys.Length; b++)
                    if (ys[b] > 0) { firstBin = Math.Min(firstBin, b); lastBin = Math.Max(lastBin, b); }
                var line = plot.Add.ScatterLine(xs, ys, PlotStyle.LayerColor(l));
                line.LineWidth = 2f;
                line.LinePattern = pattern;
                line.MarkerSize = 4;
                if (k == chosen.Count - 1) lastZeros[l] = 100.0 * histogram.Zeros / total;
            }
        }
        if (lastBin < 0) (firstBin, lastBin) = (0, GradientHistogram.BinCount - 1);
        PlotStyle.LogBottomAxis(plot,
        [
            GradientHistogram.LowestExponent + Math.Max(0, firstBin - 1) * GradientHistogram.BinWidth,
            GradientHistogram.LowestExponent + Math.Min(GradientHistogram.BinCount, lastBin + 2) * GradientHistogram.BinWidth,
        ]);
        plot.Axes.SetLimitsY(0, top > 0 ? 1.1 * top : 1);
        // Legend: colour = layer, line style = epoch (zeros: exact-zero gradients at the last chosen epoch).
        for (int l = 0; l < layers; l++)
        {
            string zeros = lastZeros.TryGetValue(l, out double z) && z > 0 ? $" ({z:0.#}% zeros)" : "";
            plot.Legend.ManualItems.Add(PlotStyle.LineItem(PlotStyle.LayerName(l, layers) + zeros, PlotStyle.LayerColor(l), LinePattern.Solid, 2.5f));
        }
        foreach (var (epoch, pattern) in patternOf)
            plot.Legend.ManualItems.Add(PlotStyle.LineItem($"epoch {epoch}", Colors.Black.WithAlpha(0.7), pattern));
        plot.ShowLegend(Alignment.UpperLeft); // the small-|g| tail on the left stays near 0
        plot.Axes.SetLimitsY(0, top > 0 ? 1.25 * top : 1);
        return plot;
    }

    /// <summary>Share of dead units (never active in the epoch; ReLU family) per hidden layer over epochs, in percent;
    /// with sigmoid/tanh layers, the share of saturated activations is drawn dashed instead.</summary>
    /// <param name="history">The training history (recorded with diagnostics on).</param>
    /// <param name="title">The title; default "Dead units".</param>
    public static Plot DeadUnits(TrainingHistory history, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var plot = PlotStyle.Create(title ?? "Dead units", "epoch", "units never active (%)");
        PlotStyle.EpochAxis(plot);
        int layers = LayerCount(history);
        bool saturation = history.Epochs.Any(e => e.Layers.Any(l => l.SaturatedShare > 0));
        bool markers = history.Epochs.Count <= 40;
        for (int layer = 0; layer < Math.Max(1, layers - 1); layer++) // hidden layers: the output layer is linear
        {
            int l = layer;
            var rows = history.Epochs.Where(e => e.Layers.Count > l).ToList();
            var (dx, dy) = PlotStyle.FinitePoints(rows.Select(e => ((double)e.Epoch, 100 * e.Layers[l].DeadUnitShare)));
            var dead = plot.Add.ScatterLine(dx, dy, PlotStyle.LayerColor(l));
            dead.LineWidth = 2.5f;
            dead.MarkerSize = markers ? 5 : 0;
            dead.LegendText = $"{PlotStyle.LayerName(l, layers)} dead";
            if (saturation)
            {
                var (sx, sy) = PlotStyle.FinitePoints(rows.Select(e => ((double)e.Epoch, 100 * e.Layers[l].SaturatedShare)));
                var saturated = plot.Add.ScatterLine(sx, sy, PlotStyle.LayerColor(l));
                saturated.LineWidth = 2f;
                saturated.LinePattern = LinePattern.Dashed;
                saturated.MarkerSize = 0;
                saturated.LegendText = $"{PlotStyle.LayerName(l, layers)} saturated";
            }
        }
        if (saturation) plot.YLabel("units never active / activations saturated (%)", size: 14);
        if (MaxShare(history) == 0)
        {
            var note = plot.Add.Annotation("No dead units in any epoch (tracked for the ReLU family; saturation for sigmoid/tanh).", Alignment.MiddleCenter);
            note.LabelFontSize = 13;
            note.LabelBackgroundColor = Colors.White.WithAlpha(0.9);
            note.LabelBorderColor = Colors.Black.WithAlpha(0.2);
            note.LabelShadowColor = Colors.Transparent;
        }
        plot.Axes.SetLimitsY(-0.5, Math.Max(10, 1.1 * MaxShare(history) * 100));
        PlotStyle.EpochLimits(plot, history.Epochs.Count);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Writes the plots of <paramref name="history"/> as PNG files (900 × 500) into <paramref name="directory"/>:
    /// <c>{prefix}loss.png</c>, <c>{prefix}gradient-flow.png</c>, <c>{prefix}gradient-histograms.png</c> (only when the
    /// history holds gradient histograms, i.e. was recorded with diagnostics on), <c>{prefix}dead-units.png</c>.</summary>
    /// <param name="history">The training history.</param>
    /// <param name="directory">The folder (created if missing).</param>
    /// <param name="prefix">File name prefix, e.g. "churn-". Default "" (none).</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> SaveAll(TrainingHistory history, string directory, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var paths = new List<string>
        {
            PlotExport.SavePng(LossCurves(history), Path.Combine(directory, prefix + "loss.png")),
            PlotExport.SavePng(GradientFlow(history), Path.Combine(directory, prefix + "gradient-flow.png")),
        };
        if (HasHistograms(history))
            paths.Add(PlotExport.SavePng(GradientHistograms(history), Path.Combine(directory, prefix + "gradient-histograms.png")));
        paths.Add(PlotExport.SavePng(DeadUnits(history), Path.Combine(directory, prefix + "dead-units.png")));
        return paths;
    }

    internal static bool HasHistograms(TrainingHistory history) =>
        history.Epochs.Any(e => e.Layers.Any(l => l.GradientHistogram is not null));

    internal static int LayerCount(TrainingHistory history) =>
        history.Epochs.Count == 0 ? 0 : history.Epochs.Max(e => e.Layers.Count);

    private static IEnumerable<int> DefaultEpochs(TrainingHistory history)
    {
        int n = history.Epochs.Count;
        if (n == 0) return [];
        return new[] { 1, (n + 1) / 2, n }.Distinct();
    }

    private static double MaxShare(TrainingHistory history) =>
        history.Epochs.SelectMany(e => e.Layers).Select(l => Math.Max(l.DeadUnitShare, l.SaturatedShare)).Where(double.IsFinite).DefaultIfEmpty(0).Max();

    internal static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
