using System.Globalization;
using System.Text;
using MLNet.Backprop.Experiments;
using static MLNet.Backprop.Reports.Html.HtmlText;

namespace MLNet.Backprop.Reports.Html;

/// <summary>The report of an experiment sweep: the runs compared in one table (the best highlighted), the overlaid
/// curves, and each run's findings.</summary>
internal static class SweepReport
{
    public static string Build(SweepResult result, string title)
    {
        var html = new StringBuilder();
        Begin(html, title, [("runs", "Runs"), ("plots", "Plots"), ("findings", "Findings by run")]);
        var best = result.Best();
        if (result.Runs.Count > 0)
        {
            var (metric, higher) = SweepMetrics.Primary(result.Runs[0].Task);
            Paragraph(html, $"{result.Runs.Count} runs, {result.Runs.Count(r => r.Succeeded)} trained" +
                (best is null ? "." : $"; the best {metric} ({(higher ? "highest" : "lowest")} on the test data): #{best.Configuration.Index} {best.Label}, {Readable.Metric(best.Metric(metric))}."), "summary");
        }
        html.Append("</header>\n");

        Section(html, "runs", "Runs");
        Runs(html, result, best);
        EndSection(html);

        Section(html, "plots", "Plots");
        Image(html, SweepPlots.LossCurves(result), "Loss by run: training (solid) and validation (dashed)");
        Image(html, SweepPlots.GradientFlow(result), "Gradient flow by run: the first layer's gradient L2 norm, log scale");
        EndSection(html);

        Section(html, "findings", "Findings by run");
        foreach (var run in result.Runs)
        {
            html.Append("<h3>").Append(E($"#{run.Configuration.Index} {run.Label}")).Append("</h3>\n");
            if (run.Error is not null) Paragraph(html, "Failed: " + run.Error);
            Findings.List(html, run.Diagnosis);
        }
        EndSection(html);
        End(html);
        return html.ToString();
    }

    private static void Runs(StringBuilder html, SweepResult result, SweepRun? best)
    {
        var metricNames = result.Runs.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
        var header = new List<string> { "#" };
        header.AddRange(result.AxisNames);
        header.AddRange(metricNames);
        bool validation = result.Runs.Any(r => r.FinalValidationLoss is not null);
        header.Add("training loss");
        if (validation) header.Add("validation loss");
        header.AddRange(["epochs", "kept", "fit time", "findings"]);
        int firstNumber = 1 + result.AxisNames.Count, findings = header.Count - 1;
        var rows = result.Runs.Select(run =>
        {
            var cells = new List<string> { run.Configuration.Index.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(result.AxisNames.Select(a => run.Settings.TryGetValue(a, out var v) ? v : ""));
            cells.AddRange(metricNames.Select(m => run.Metrics.TryGetValue(m, out double v) ? Readable.Metric(v) : "–"));
            cells.Add(Readable.Metric(run.FinalTrainingLoss));
            if (validation) cells.Add(Readable.Metric(run.FinalValidationLoss));
            cells.Add(run.Epochs.ToString(CultureInfo.InvariantCulture));
            cells.Add(run.BestEpoch.ToString(CultureInfo.InvariantCulture));
            cells.Add(Readable.Time(run.FitTime));
            cells.Add(run.Succeeded ? Findings.Summary(run.Diagnosis, breakable: true) : "diverged");
            return (IReadOnlyList<string>)cells;
        }).ToList();
        Table(html, "runs", header, rows, numeric: c => c == 0 || c >= firstNumber && c < findings,
            highlight: r => ReferenceEquals(result.Runs[r], best));
    }
}
