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
            html.Split("src=\"data:image/png;base64,").Length.ShouldBe(5); // four embedded plots
            html.ShouldContain("BinaryClassification");
            html.ShouldContain("No problems found."); // the fixture's diagnosis is healthy
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_report_lists_options_metrics_and_every_epoch()
    {
        string html = HtmlReport.Build(run.Model, run.Options, run.Metrics, "report");

        html.ShouldContain("<th>LearningRate</th><td>0.003</td>");
        html.ShouldContain("<th>HiddenLayers</th><td>[32, 16, 8]</td>");
        html.ShouldContain("<th>Activation</th><td>ReLU</td>");
        html.ShouldContain("<th>GradientClipNorm</th><td>null</td>");
        html.ShouldContain("<th>Epsilon</th><td>1e-08</td>");
        html.ShouldContain("<th>RestoreBestWeights</th><td>true</td>");
        html.ShouldNotContain("<th>CancellationToken</th>");
        html.ShouldContain("<th>AUC</th>");
        html.ShouldContain("<th>Accuracy</th>");
        html.ShouldContain("<th>L0 grad</th>");
        int rows = html.Split("<tr", StringSplitOptions.None).Count(r => r.StartsWith(" class=\"best\"><td>", StringComparison.Ordinal) || r.StartsWith("><td>", StringComparison.Ordinal));
        rows.ShouldBe(run.Model.History.Epochs.Count);
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
        html.ShouldContain("<th>dead_share&lt;1&gt;</th><td>0.4</td>");
        html.ShouldNotContain("<h2>Options</h2>");
    }
}
