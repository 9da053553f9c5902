using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Training;
using ScottPlot;

namespace MLNet.Backprop.Reports;

/// <summary>
/// A single self-contained HTML file about a training run (or a sweep): the plots embedded as PNG data URIs, the
/// findings with their advice and evidence, the options used, the final metrics and the per-epoch table. No external
/// script, style sheet or image; every text is HTML-escaped.
/// </summary>
public static class HtmlReport
{
    private const int PlotWidth = 900, PlotHeight = 460;

    /// <summary>Writes the report of <paramref name="model"/>'s training run to <paramref name="path"/> (UTF-8; folder created if missing).</summary>
    /// <param name="path">The .html file to write.</param>
    /// <param name="model">The trained model (<c>transformer.Model</c>).</param>
    /// <param name="options">The options it was trained with, or null to leave the section out.</param>
    /// <param name="metrics">Final (test) metrics by name, or null.</param>
    /// <param name="title">The report's title.</param>
    /// <returns>The full path written.</returns>
    public static string Write(string path, BackpropModel model, BackpropTrainer.Options? options, IReadOnlyDictionary<string, double>? metrics, string title = "Training report")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Save(path, Build(model, options, metrics, title));
    }

    /// <summary>The report of <paramref name="model"/>'s training run as HTML text (see <see cref="Write"/>).</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="options">The options it was trained with, or null.</param>
    /// <param name="metrics">Final (test) metrics by name, or null.</param>
    /// <param name="title">The report's title.</param>
    public static string Build(BackpropModel model, BackpropTrainer.Options? options, IReadOnlyDictionary<string, double>? metrics, string title)
    {
        ArgumentNullException.ThrowIfNull(model);
        var network = model.Network;
        string shape = string.Join(" → ", new[] { network.InputSize }.Concat(network.Layers.Select(l => l.OutputSize)));
        string summary = $"{model.Task} · network {shape} ({network.ParameterCount:N0} parameters, {model.Loss} loss)";
        return Build(model.History, model.Diagnosis, options, metrics, title, summary);
    }

    /// <summary>The report of a training run known by its history and diagnosis (e.g. those of a
    /// <see cref="TrainingDivergedException"/>, when there is no model) as HTML text.</summary>
    /// <param name="history">The training history.</param>
    /// <param name="diagnosis">Its findings, or null to leave the section out.</param>
    /// <param name="options">The options it was trained with, or null.</param>
    /// <param name="metrics">Final (test) metrics by name, or null.</param>
    /// <param name="title">The report's title.</param>
    /// <param name="summary">A line under the title (e.g. the network's shape), or null.</param>
    public static string Build(TrainingHistory history, TrainingDiagnosis? diagnosis, BackpropTrainer.Options? options,
        IReadOnlyDictionary<string, double>? metrics, string title, string? summary)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(title);
        var html = new StringBuilder();
        Begin(html, title);
        string run = $"{history.Epochs.Count} epochs, {history.StopReason}, kept epoch {history.BestEpoch} · {history.Elapsed.TotalSeconds:F1} s";
        html.Append("<p class=\"summary\">").Append(E(summary is null ? run : summary + " · " + run)).Append("</p>\n");

        if (metrics is { Count: > 0 })
        {
            html.Append("<h2>Metrics</h2>\n<table class=\"kv\">\n");
            foreach (var (name, value) in metrics) html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(Num(value))).Append("</td></tr>\n");
            html.Append("</table>\n");
        }

        if (diagnosis is not null) Findings(html, diagnosis);

        html.Append("<h2>Plots</h2>\n");
        Image(html, TrainingPlots.LossCurves(history), "Loss curves");
        Image(html, TrainingPlots.GradientFlow(history), "Gradient flow: per-layer gradient norm, log scale");
        if (TrainingPlots.HasHistograms(history)) Image(html, TrainingPlots.GradientHistograms(history), "Gradient-magnitude histograms");
        Image(html, TrainingPlots.DeadUnits(history), "Dead units per layer");

        if (options is not null) Options(html, options);
        Epochs(html, history);
        End(html);
        return html.ToString();
    }

    /// <summary>Writes <paramref name="html"/> (from a <c>Build</c> overload) to <paramref name="path"/> (UTF-8; folder created if missing).</summary>
    /// <param name="path">The .html file to write.</param>
    /// <param name="html">The report text.</param>
    /// <returns>The full path written.</returns>
    public static string Save(string path, string html)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(html);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, html, new UTF8Encoding(false));
        return full;
    }

    /// <summary>Writes the report of a sweep: the comparison table, the overlay plots and each run's findings.</summary>
    /// <param name="path">The .html file to write.</param>
    /// <param name="result">The sweep result.</param>
    /// <param name="title">The report's title.</param>
    /// <returns>The full path written.</returns>
    public static string WriteSweep(string path, SweepResult result, string title = "Experiment sweep")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(title);
        var html = new StringBuilder();
        Begin(html, title);
        html.Append("<h2>Runs</h2>\n<pre>").Append(E(result.ToTable())).Append("</pre>\n");
        if (result.Best() is { } best) html.Append("<p class=\"summary\">Best: ").Append(E(best.ToString())).Append("</p>\n");
        html.Append("<h2>Plots</h2>\n");
        Image(html, SweepPlots.LossCurves(result), "Loss by run");
        Image(html, SweepPlots.GradientFlow(result), "Gradient flow by run (layer 0)");
        html.Append("<h2>Findings by run</h2>\n");
        foreach (var run in result.Runs)
        {
            html.Append("<h3>").Append(E($"#{run.Configuration.Index} {run.Label}")).Append("</h3>\n");
            FindingList(html, run.Diagnosis);
        }
        End(html);
        return Save(path, html.ToString());
    }

    private static void Begin(StringBuilder html, string title)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n<style>\n")
            .Append(Css).Append("</style>\n</head>\n<body>\n<h1>").Append(E(title)).Append("</h1>\n");
    }

    private static void End(StringBuilder html) =>
        html.Append("<footer>Generated by MLNet.Backprop.Reports on ")
            .Append(E(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(".</footer>\n</body>\n</html>\n");

    private static void Findings(StringBuilder html, TrainingDiagnosis diagnosis)
    {
        html.Append("<h2>Findings</h2>\n");
        FindingList(html, diagnosis);
    }

    private static void FindingList(StringBuilder html, TrainingDiagnosis diagnosis)
    {
        if (diagnosis.Findings.Count == 0)
        {
            html.Append("<p class=\"healthy\">No problems found.</p>\n");
            return;
        }
        foreach (var f in diagnosis.Findings.OrderByDescending(f => f.Severity))
        {
            string severity = f.Severity.ToString().ToLowerInvariant();
            string where = string.Join(", ", new[] { f.Layer is int l ? $"layer {l}" : null, f.Epoch is int e ? $"epoch {e}" : null }.Where(s => s is not null));
            html.Append("<div class=\"finding ").Append(severity).Append("\">\n<div class=\"head\"><span class=\"badge\">").Append(E(f.Severity.ToString()))
                .Append("</span> <strong>").Append(E(f.Kind.ToString())).Append("</strong>");
            if (where.Length > 0) html.Append(" <span class=\"where\">(").Append(E(where)).Append(")</span>");
            html.Append("</div>\n<p>").Append(E(f.Message)).Append("</p>\n<p class=\"advice\">→ ").Append(E(f.Advice)).Append("</p>\n");
            if (f.Evidence.Count > 0)
            {
                html.Append("<table class=\"evidence\">");
                foreach (var (name, value) in f.Evidence) html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(Num(value))).Append("</td></tr>");
                html.Append("</table>\n");
            }
            html.Append("</div>\n");
        }
    }

    private static void Image(StringBuilder html, Plot plot, string alt)
    {
        string base64 = Convert.ToBase64String(PlotExport.ToPng(plot, PlotWidth, PlotHeight));
        html.Append("<figure><img alt=\"").Append(E(alt)).Append("\" width=\"").Append(PlotWidth).Append("\" height=\"").Append(PlotHeight)
            .Append("\" src=\"data:image/png;base64,").Append(base64).Append("\"></figure>\n");
    }

    private static void Options(StringBuilder html, BackpropTrainer.Options options)
    {
        html.Append("<h2>Options</h2>\n<table class=\"kv\">\n");
        foreach (var property in typeof(BackpropTrainer.Options).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var type = property.PropertyType;
            if (type == typeof(CancellationToken) || typeof(Delegate).IsAssignableFrom(type)) continue;
            html.Append("<tr><th>").Append(E(property.Name)).Append("</th><td>").Append(E(Value(property.GetValue(options)))).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Epochs(StringBuilder html, TrainingHistory history)
    {
        int layers = TrainingPlots.LayerCount(history);
        html.Append("<h2>Epochs</h2>\n<div class=\"scroll\"><table class=\"epochs\">\n<tr><th>epoch</th><th>train loss</th><th>val loss</th><th>val metric</th>" +
                    "<th>learning rate</th><th>grad norm mean</th><th>grad norm max</th><th>clipped</th>");
        for (int l = 0; l < layers; l++) html.Append("<th>L").Append(l).Append(" grad</th>");
        for (int l = 0; l < layers - 1; l++) html.Append("<th>L").Append(l).Append(" dead</th>");
        html.Append("<th>time (s)</th></tr>\n");
        foreach (var e in history.Epochs)
        {
            html.Append(e.Epoch == history.BestEpoch ? "<tr class=\"best\">" : "<tr>");
            Cell(html, e.Epoch.ToString(CultureInfo.InvariantCulture));
            Cell(html, Num(e.TrainingLoss));
            Cell(html, e.ValidationLoss is double v ? Num(v) : "");
            Cell(html, e.ValidationMetric is double m ? Num(m) : "");
            Cell(html, Num(e.LearningRate));
            Cell(html, Num(e.GradientNormMean));
            Cell(html, Num(e.GradientNormMax));
            Cell(html, $"{e.ClippedBatches}/{e.Batches}");
            for (int l = 0; l < layers; l++) Cell(html, l < e.Layers.Count ? Num(e.Layers[l].GradientNormMean) : "");
            for (int l = 0; l < layers - 1; l++) Cell(html, l < e.Layers.Count ? (100 * e.Layers[l].DeadUnitShare).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "");
            Cell(html, e.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
            html.Append("</tr>\n");
        }
        html.Append("</table></div>\n");
    }

    private static void Cell(StringBuilder html, string text) => html.Append("<td>").Append(E(text)).Append("</td>");

    private static string Value(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        float f => f.ToString("G", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal),
        double d => d.ToString("G", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Value)) + "]",
        _ => value.ToString() ?? "",
    };

    private static string Num(double value) => value.ToString("G5", CultureInfo.InvariantCulture);

    /// <summary>Escapes the five HTML-special characters (&amp; &lt; &gt; " ') and nothing else (the file is UTF-8).</summary>
    private static string E(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    private const string Css = """
        body { font-family: -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
        h1 { font-size: 1.7em; margin-bottom: 0.2em; }
        h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.6em; }
        h3 { font-size: 1.05em; margin-bottom: 0.3em; }
        .summary { color: #555; }
        table { border-collapse: collapse; font-size: 0.9em; }
        th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; }
        table.kv th { font-weight: 600; color: #444; }
        table.epochs td { text-align: right; font-variant-numeric: tabular-nums; }
        table.epochs tr.best { background: #eef6ee; }
        .scroll { overflow-x: auto; }
        figure { margin: 1em 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
        pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
        .finding { border-left: 5px solid #888; background: #fafafa; padding: 0.5em 0.9em; margin: 0.7em 0; }
        .finding p { margin: 0.3em 0; }
        .finding .badge { display: inline-block; padding: 0 0.5em; border-radius: 3px; color: #fff; background: #888; font-size: 0.85em; }
        .finding.info { border-color: #1f77b4; } .finding.info .badge { background: #1f77b4; }
        .finding.warning { border-color: #e69500; background: #fffaf0; } .finding.warning .badge { background: #e69500; }
        .finding.critical { border-color: #d62728; background: #fff4f4; } .finding.critical .badge { background: #d62728; }
        .finding .advice { color: #333; font-style: italic; }
        .finding .where { color: #666; }
        table.evidence { margin-top: 0.3em; font-size: 0.85em; }
        .healthy { color: #2ca02c; font-weight: 600; }
        footer { margin-top: 3em; color: #999; font-size: 0.8em; }

        """;
}
