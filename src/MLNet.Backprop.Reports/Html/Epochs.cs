using System.Globalization;
using System.Text;
using MLNet.Backprop.Training;
using static MLNet.Backprop.Reports.Html.HtmlText;

namespace MLNet.Backprop.Reports.Html;

/// <summary>The per-epoch record as tables that fit the page: the run's figures, then one column per layer for the
/// gradient norms and, when any unit died, the dead shares; the kept epoch highlighted.</summary>
internal static class Epochs
{
    public static void Tables(StringBuilder html, TrainingHistory history)
    {
        var epochs = history.Epochs;
        if (epochs.Count == 0)
        {
            Paragraph(html, "The history holds no epochs (saved without them, or training ended before the first).", "auto");
            return;
        }
        bool validation = epochs.Any(e => e.ValidationLoss is not null);
        bool metric = epochs.Any(e => e.ValidationMetric is not null) && history.Settings?.EarlyStoppingMetric != EarlyStoppingMetric.Loss;
        bool clipped = epochs.Any(e => e.ClippedBatches > 0);
        var header = new List<string> { "epoch", "training loss" };
        if (validation) header.Add("validation loss");
        if (metric) header.Add(TrainingPlots.WatchedName(history));
        header.AddRange(["learning rate", "gradient norm"]);
        if (clipped) header.Add("clipped batches");
        header.Add("time");
        var rows = epochs.Select(e =>
        {
            var cells = new List<string> { Epoch(e, history), Readable.Metric(e.TrainingLoss) };
            if (validation) cells.Add(Readable.Metric(e.ValidationLoss));
            if (metric) cells.Add(Readable.Metric(e.ValidationMetric));
            cells.Add(Readable.Number(e.LearningRate));
            cells.Add(Readable.Number(e.GradientNormMean));
            if (clipped) cells.Add($"{e.ClippedBatches} of {e.Batches}");
            cells.Add(Readable.Time(e.Elapsed));
            return (IReadOnlyList<string>)cells;
        });
        Table(html, "epochs", header, rows, numeric: _ => true, highlight: r => epochs[r].Epoch == history.BestEpoch);

        int layers = TrainingPlots.LayerCount(history);
        if (layers == 0) return;
        var names = Enumerable.Range(0, layers).Select(l => PlotStyle.LayerName(l, layers)).ToArray();
        Table(html, "epochs layers", ["epoch", .. names], epochs.Select(e =>
            (IReadOnlyList<string>)[Epoch(e, history), .. Enumerable.Range(0, layers).Select(l => l < e.Layers.Count ? Readable.Number(e.Layers[l].GradientNormMean) : "–")]),
            numeric: _ => true, highlight: r => epochs[r].Epoch == history.BestEpoch, caption: "Gradient L2 norm per layer (mean over the epoch's batches)");

        var dying = Enumerable.Range(0, layers - 1).Where(l => epochs.Any(e => l < e.Layers.Count && e.Layers[l].DeadUnitShare > 0)).ToArray();
        if (dying.Length == 0) return;
        Table(html, "epochs layers", ["epoch", .. dying.Select(l => names[l])], epochs.Select(e =>
            (IReadOnlyList<string>)[Epoch(e, history), .. dying.Select(l => l < e.Layers.Count ? Readable.Percent(e.Layers[l].DeadUnitShare) : "–")]),
            numeric: _ => true, highlight: r => epochs[r].Epoch == history.BestEpoch, caption: "Dead units per hidden layer (never active in the epoch)");
    }

    private static string Epoch(EpochReport e, TrainingHistory history) =>
        e.Epoch.ToString(CultureInfo.InvariantCulture) + (e.Epoch == history.BestEpoch ? " (kept)" : "");
}
