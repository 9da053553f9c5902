using MLNet.Backprop.Experiments;
using ScottPlot;

namespace MLNet.Backprop.Reports;

/// <summary>Overlays of the runs of an <see cref="ExperimentSweep"/>: one colour per run, the legend naming its settings.</summary>
public static class SweepPlots
{
    /// <summary>The loss curves of every run: training loss solid, validation loss dashed (same colour), on a log
    /// scale so runs that differ by orders of magnitude stay readable. Non-finite points (diverged runs) are left out.</summary>
    /// <param name="result">The sweep result.</param>
    /// <param name="validation">Also draw the validation losses (when recorded). Default true.</param>
    /// <param name="title">The title; default "Loss by run".</param>
    public static Plot LossCurves(SweepResult result, bool validation = true, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        bool anyValidation = validation && result.Runs.Any(r => r.History.Epochs.Any(e => e.ValidationLoss is not null));
        var plot = PlotStyle.Create(title ?? "Loss by run", "epoch", anyValidation ? "loss (solid: training, dashed: validation)" : "training loss");
        PlotStyle.EpochAxis(plot);
        var plotted = new List<double>();
        for (int i = 0; i < result.Runs.Count; i++)
        {
            var run = result.Runs[i];
            var color = PlotStyle.RunColor(i);
            var (tx, ty) = PlotStyle.Log10Points(run.History.Epochs.Select(e => ((double)e.Epoch, e.TrainingLoss)));
            plotted.AddRange(ty);
            var train = plot.Add.ScatterLine(tx, ty, color);
            train.LineWidth = 2.5f;
            train.MarkerSize = 0;
            train.LegendText = run.Succeeded ? run.Label : run.Label + " (diverged)";
            if (!anyValidation) continue;
            var (vx, vy) = PlotStyle.Log10Points(run.History.Epochs.Where(e => e.ValidationLoss is not null).Select(e => ((double)e.Epoch, e.ValidationLoss!.Value)));
            plotted.AddRange(vy);
            var val = plot.Add.ScatterLine(vx, vy, color.WithAlpha(0.8));
            val.LineWidth = 1.5f;
            val.LinePattern = LinePattern.Dashed;
            val.MarkerSize = 0;
        }
        PlotStyle.LogLeftAxis(plot, plotted);
        PlotStyle.EpochLimits(plot, MaxEpochs(result));
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Gradient flow of every run on a log scale: the mean gradient L2 norm of one layer per epoch (default
    /// layer 0, the input side, where vanishing gradients show first), or of the whole network with
    /// <paramref name="layer"/> = null.</summary>
    /// <param name="result">The sweep result.</param>
    /// <param name="layer">The layer (0 = first hidden layer); null for the global gradient norm.</param>
    /// <param name="title">The title; default "Gradient flow by run (layer 0)".</param>
    public static Plot GradientFlow(SweepResult result, int? layer = 0, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        string what = layer is int l ? $"layer {l}" : "whole network";
        var plot = PlotStyle.Create(title ?? $"Gradient flow by run ({what})", "epoch", $"gradient L2 norm, {what} (mean per batch)");
        PlotStyle.EpochAxis(plot);
        var plotted = new List<double>();
        for (int i = 0; i < result.Runs.Count; i++)
        {
            var run = result.Runs[i];
            var points = layer is int k
                ? run.History.Epochs.Where(e => e.Layers.Count > k).Select(e => ((double)e.Epoch, e.Layers[k].GradientNormMean))
                : run.History.Epochs.Select(e => ((double)e.Epoch, e.GradientNormMean));
            var (x, y) = PlotStyle.Log10Points(points);
            plotted.AddRange(y);
            var line = plot.Add.ScatterLine(x, y, PlotStyle.RunColor(i));
            line.LineWidth = 2.5f;
            line.MarkerSize = 0;
            line.LegendText = run.Succeeded ? run.Label : run.Label + " (diverged)";
        }
        PlotStyle.LogLeftAxis(plot, plotted);
        PlotStyle.EpochLimits(plot, MaxEpochs(result));
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static int MaxEpochs(SweepResult result) => result.Runs.Select(r => r.History.Epochs.Count).DefaultIfEmpty(0).Max();

    /// <summary>Writes <c>{prefix}loss.png</c> and <c>{prefix}gradient-flow.png</c> (layer 0) into <paramref name="directory"/>.</summary>
    /// <param name="result">The sweep result.</param>
    /// <param name="directory">The folder (created if missing).</param>
    /// <param name="prefix">File name prefix. Default "sweep-".</param>
    /// <param name="width">Width in pixels. Default 1000; at least 16.</param>
    /// <param name="height">Height in pixels. Default 600; at least 16.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 16.</exception>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> SaveAll(SweepResult result, string directory, string prefix = "sweep-", int width = 1000, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return
        [
            PlotExport.SavePng(LossCurves(result), Path.Combine(directory, prefix + "loss.png"), width, height),
            PlotExport.SavePng(GradientFlow(result), Path.Combine(directory, prefix + "gradient-flow.png"), width, height),
        ];
    }
}
