using MLNet.Backprop.Training;
using ScottPlot;

namespace MLNet.Backprop.Reports;

// The early-stopping picture, apart from TrainingPlots because it reads the whole model (every network of an ensemble).
public static partial class TrainingPlots
{
    /// <summary>
    /// What early stopping watched: the validation metric (AUC, accuracy or loss, see
    /// <see cref="TrainingSettings.EarlyStoppingMetric"/>) per epoch, one line per network of the model, each network's
    /// kept epoch marked with a filled point and the first network's with a dotted line. Without validation data, the
    /// training loss (what the kept epoch was chosen by).
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <param name="title">The title; default "Early stopping: validation &lt;metric&gt;, kept epoch marked".</param>
    public static Plot EarlyStopping(BackpropModel model, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var histories = model.NetworkHistories;
        string metric = WatchedName(model.History);
        var plot = PlotStyle.Create(title ?? $"Early stopping: {metric}, kept epoch marked", "epoch", metric);
        PlotStyle.EpochAxis(plot);
        bool markers = histories.Max(h => h.Epochs.Count) <= 40;
        for (int n = 0; n < histories.Count; n++)
        {
            var history = histories[n];
            var color = PlotStyle.RunColor(n);
            var (x, y) = PlotStyle.FinitePoints(history.Epochs.Select(e => ((double)e.Epoch, Watched(e))));
            if (x.Length == 0) continue;
            var line = plot.Add.ScatterLine(x, y, n == 0 ? color : color.WithAlpha(0.75));
            line.LineWidth = n == 0 ? 2.5f : 1.5f;
            line.MarkerSize = markers && n == 0 ? 5 : 0;
            line.LegendText = histories.Count == 1 ? metric : $"network {n + 1}";
            if (history.Epochs.FirstOrDefault(e => e.Epoch == history.BestEpoch) is { } kept && double.IsFinite(Watched(kept)))
            {
                var point = plot.Add.Marker(kept.Epoch, Watched(kept), MarkerShape.FilledCircle, 11, color);
                if (n == 0) point.LegendText = histories.Count == 1 ? $"kept epoch {kept.Epoch}" : $"kept epochs ({string.Join(", ", histories.Select(h => h.BestEpoch))})";
            }
        }
        if (model.History.BestEpoch > 0)
            plot.Add.VerticalLine(model.History.BestEpoch, 1.5f, Colors.Gray, LinePattern.Dotted);
        PlotStyle.EpochLimits(plot, histories.Max(h => h.Epochs.Count));
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>The watched value of an epoch: the validation metric, else the training loss.</summary>
    internal static double Watched(EpochReport epoch) => epoch.ValidationMetric ?? epoch.TrainingLoss;

    /// <summary>"validation AUC", "validation accuracy", "validation loss" or "training loss".</summary>
    internal static string WatchedName(TrainingHistory history)
    {
        if (history.Epochs.Count > 0 && history.Epochs.All(e => e.ValidationMetric is null)) return "training loss";
        return history.Settings?.EarlyStoppingMetric switch
        {
            EarlyStoppingMetric.Auc => "validation AUC",
            EarlyStoppingMetric.Accuracy => "validation accuracy",
            EarlyStoppingMetric.Loss => "validation loss",
            _ => "validation metric",
        };
    }
}
