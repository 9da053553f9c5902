using MLNet.Backprop.Diagnostics;

namespace MLNet.Backprop.Reports.Tests;

public class HtmlReportTests(TrainedRun run) : IClassFixture<TrainedRun>
{
    private static readonly Finding Hostile = new()
    {
        Kind = FindingKind.DeadUnits,
        Severity = FindingSeverity.Warning,
        Layer = 1,
        Epoch = 3,
        Message = "40% of units are dead <script>alert('x')</script> & more",
        Advice = "Use LeakyReLU \"now\"",
        Evidence = new Dictionary<string, double> { ["dead_share<1>"] = 0.4 },
    };

    [Fact]
    public void The_report_is_one_file_with_everything_embedded_and_no_external_reference()
    {
        string path = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.html");
        try
        {
            HtmlReport.Write(path, run.Model, run.Options, run.Metrics, "Churn <run>").ShouldBe(path);
            string html = File.ReadAllText(path);

            html.ShouldStartWith("<!DOCTYPE html>");
            html.ShouldContain("<title>Churn &lt;run&gt;</title>");
            html.ShouldNotContain("src=\"http");
            html.ShouldNotContain("href=\"http");
            html.ShouldNotContain("<link");
            html.ShouldNotContain("<script");
            html.Split("src=\"data:image/png;base64,").Length.ShouldBe(7); // early stopping, reliability, loss, gradient flow, histograms, dead units
            html.ShouldContain("BinaryClassification");
            html.ShouldContain("No problems found."); // the fixture's diagnosis is healthy
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Build_CallersMetricNaNOrInfinite_ShownAsUndefinedWithTheValueGiven()
    {
        // Before: "NaN" and "∞" in the metrics table, read as figures (ML.NET's R² of constant labels, its binary
        // log-loss of a probability of exactly 0 or 1).
        var metrics = new Dictionary<string, double> { ["R²"] = double.NaN, ["log-loss"] = double.PositiveInfinity, ["AUC"] = 0.8, ["margin"] = double.NegativeInfinity };

        string html = HtmlReport.Build(run.Model, run.Options, metrics, "report");

        html.ShouldContain("<th scope=\"row\">R²</th><td>undefined (NaN)</td>");
        html.ShouldContain("<th scope=\"row\">log-loss</th><td>undefined (∞)</td>");
        html.ShouldContain("<th scope=\"row\">margin</th><td>undefined (−∞)</td>");
        html.ShouldContain("<th scope=\"row\">AUC</th><td>0.8000</td>");
    }

    [Fact]
    public void The_report_lists_options_metrics_and_every_epoch()
    {
        string html = HtmlReport.Build(run.Model, run.Options, run.Metrics, "report");

        html.ShouldContain("<th scope=\"row\">LearningRate</th><td>0.003</td>");
        html.ShouldContain("<th scope=\"row\">HiddenLayers</th><td>[32, 16, 8]</td>");
        html.ShouldContain("<th scope=\"row\">Activation</th><td>ReLU</td>");
        html.ShouldContain("<th scope=\"row\">GradientClipNorm</th><td>none</td>");
        html.ShouldContain("<th scope=\"row\">Epsilon</th><td>1e-8</td>");
        html.ShouldContain("<th scope=\"row\">RestoreBestWeights</th><td>true</td>");
        html.ShouldNotContain(">CancellationToken<");
        html.ShouldContain("<th scope=\"row\">AUC</th>");
        html.ShouldContain("<th scope=\"row\">Accuracy</th>");
        html.ShouldContain("<th class=\"num\" scope=\"col\">layer 0</th>");
        string epochs = html[html.IndexOf("<table class=\"epochs\">", StringComparison.Ordinal)..];
        epochs = epochs[..epochs.IndexOf("</table>", StringComparison.Ordinal)];
        (epochs.Split("<tr>").Length - 1 + epochs.Split("<tr class=\"kept\">").Length - 1 - 1).ShouldBe(run.Model.History.Epochs.Count); // minus the header row
        epochs.Split("<tr class=\"kept\">").Length.ShouldBe(2);
        epochs.ShouldContain($">{run.Model.History.BestEpoch} (kept)</td>");
    }

    [Fact]
    public void Numbers_are_rounded_for_reading()
    {
        string html = HtmlReport.Build(run.Model, run.Options, run.Metrics, "report");

        html.ShouldContain($"<td>{run.Metrics["AUC"]:F4}</td>");
        // No raw doubles: every number in the tables is rounded as Readable says, to four decimals (metrics) or to four
        // significant digits (statistics: a gradient norm of 0.08447 has five decimals and four digits).
        var numbers = System.Text.RegularExpressions.Regex.Matches(html, @"<td[^>]*>-?(\d+)\.(\d+)<").Select(m => (Whole: m.Groups[1].Value, Fraction: m.Groups[2].Value)).ToList();
        numbers.ShouldNotBeEmpty();
        numbers.ShouldAllBe(n => n.Fraction.Length <= 4 || (n.Whole + n.Fraction).TrimStart('0').Length <= 4);
    }

    [Fact]
    public void An_ensemble_shows_every_network_and_one_training_time()
    {
        string html = HtmlReport.Build(run.Model, run.Options, run.Metrics, "report");

        run.Model.Networks.Count.ShouldBe(4);
        html.ShouldContain("<section id=\"networks\">");
        string networks = html[html.IndexOf("<table class=\"networks\">", StringComparison.Ordinal)..];
        networks = networks[..networks.IndexOf("</table>", StringComparison.Ordinal)];
        (networks.Split("<tr>").Length - 2).ShouldBe(4);   // the header and one row per network
        foreach (var history in run.Model.NetworkHistories)
            networks.ShouldContain($"<td class=\"num\">{history.Settings!.Seed}</td>");
        html.ShouldContain("summed over the 4 networks (");
    }

    [Fact]
    public void EnsembleSize_MicroBatchModeLeftAtTheDefault_ShowsTheOneNetworkTrained()
    {
        var options = new BackpropTrainer.Options { HiddenLayers = [8], Seed = 3, NumberOfEpochs = 2, BatchSize = 32, MicroBatchSize = 8 };
        var model = run.Ml.BinaryClassification.Trainers.Backprop(options).Fit(run.Train).Model;

        string html = HtmlReport.Build(model, options, null, "micro-batch");

        model.Networks.Count.ShouldBe(1);
        html.ShouldContain("<th scope=\"row\">EnsembleSize</th><td>4 → 1 network (with MicroBatchSize: one unless EnsembleSize is set)</td>");
    }

    [Fact]
    public void Automatic_options_show_what_they_resolved_to()
    {
        var options = new BackpropTrainer.Options { HiddenLayers = [8], Seed = 3, EnsembleSize = 1 };
        var model = run.Ml.BinaryClassification.Trainers.Backprop(options).Fit(run.Train).Model;
        var settings = model.History.Settings!;

        string html = HtmlReport.Build(model, options, null, "auto");

        html.ShouldContain($"<th scope=\"row\">NumberOfEpochs</th><td>auto → at most {settings.MaximumEpochs}</td>");
        html.ShouldContain($"<th scope=\"row\">EarlyStoppingPatience</th><td>auto → {settings.EarlyStoppingPatience} epochs</td>");
        html.ShouldContain($"<th scope=\"row\">ValidationFraction</th><td>auto → 0.1 ({settings.ValidationRows} rows)</td>");
        html.ShouldContain("<th scope=\"row\">Initialization</th><td>Auto → GlorotUniform</td>");
        html.ShouldContain("<th scope=\"row\">Loss</th><td>auto → BinaryCrossEntropy</td>");
        html.ShouldNotContain("<section id=\"networks\">");
    }

    [Fact]
    public void The_style_sheet_has_a_dark_scheme_and_a_print_layout()
    {
        string html = HtmlReport.Build(run.Model, run.Options, run.Metrics, "report");

        html.ShouldContain("@media (prefers-color-scheme: dark)");
        html.ShouldContain("@media print");
        html.ShouldContain("<meta name=\"color-scheme\" content=\"light dark\">");
    }

    [Fact]
    public void Findings_are_shown_with_severity_advice_and_evidence_and_escaped()
    {
        var diagnosis = new TrainingDiagnosis([Hostile]);
        string html = HtmlReport.Build(run.Model.History, diagnosis, null, null, "findings", summary: null);

        html.ShouldNotContain("<script>");
        html.ShouldContain("40% of units are dead &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more");
        html.ShouldContain("Use LeakyReLU &quot;now&quot;");
        html.ShouldContain("<div class=\"finding warning\">");
        html.ShouldContain("DeadUnits");
        html.ShouldContain("layer 1, epoch 3");
        html.ShouldContain("<th scope=\"row\">dead_share&lt;1&gt;</th><td class=\"num\">0.4</td>");
        html.ShouldNotContain("LearningRate"); // no options given: only what the history recorded
    }
}
