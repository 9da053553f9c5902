using System.Text.RegularExpressions;
using MLNet.Backprop.Reports.Html;

namespace MLNet.Backprop.Reports.Tests;

/// <summary>The report's embedding section: each table's statistics, and its vectors projected with the key names.</summary>
public class EmbeddingReportTests(EmbeddingRun run) : IClassFixture<EmbeddingRun>
{
    private static string Figure(string html, string column)
    {
        int start = html.IndexOf($"<h3>{column}</h3>", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"no projection of {column}");
        return html[start..html.IndexOf("</figure>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void Build_CategoricalModel_HasTheEmbeddingSectionWithEachTablesStatistics()
    {
        string html = HtmlReport.Build(run.Model, run.Options, null, "embeddings");

        html.ShouldContain("<a href=\"#embeddings\">Embeddings</a>");
        html.ShouldContain("<section id=\"embeddings\">");
        string table = html[html.IndexOf("<table class=\"tables\">", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        var last = run.Model.History.Epochs[^1].Embeddings;
        table.ShouldContain("<td>UserKey</td><td class=\"num\">60</td>");
        table.ShouldContain("<td>ItemKey</td><td class=\"num\">10</td>");
        table.ShouldContain($"<td class=\"num\">{Readable.Number(last[0].UpdateRatio)}</td>");
        html.ShouldNotContain("<script");
    }

    [Fact]
    public void Build_CategoricalModel_ProjectsEveryKeyAndNamesTheFarthest30()
    {
        string html = HtmlReport.Build(run.Model, run.Options, null, "embeddings");
        string users = Figure(html, "UserKey"), items = Figure(html, "ItemKey");

        Regex.Matches(users, "<circle").Count.ShouldBe(60);
        Regex.Matches(users, "<text").Count.ShouldBe(ProjectionSvg.MaxLabels);
        Regex.Matches(users, "<circle class=\"labelled\"").Count.ShouldBe(ProjectionSvg.MaxLabels);
        Regex.Matches(items, "<circle").Count.ShouldBe(10);
        Regex.Matches(items, "<text").Count.ShouldBe(10);    // few enough: every item named

        var projection = run.Model.Embedding("UserKey").Project2D();
        var labels = Regex.Matches(users, "<text[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value).ToArray();
        labels.ShouldBe(ProjectionSvg.Labelled(projection).Select(i => HtmlText.E(projection.Names[i])).ToArray());
        // The labelled are the farthest from the centre: none unlabelled lies farther than the nearest labelled.
        double Radius(int i) => Math.Sqrt(projection.X[i] * projection.X[i] + projection.Y[i] * projection.Y[i]);
        var labelled = ProjectionSvg.Labelled(projection).ToHashSet();
        Enumerable.Range(0, 60).Where(i => !labelled.Contains(i)).Max(Radius).ShouldBeLessThanOrEqualTo(labelled.Min(Radius));
        projection.FirstAxisShare.ShouldBeGreaterThanOrEqualTo(projection.SecondAxisShare);
        projection.SecondAxisShare.ShouldBeGreaterThan(0);
        users.ShouldContain($"horizontal: {Readable.Percent(projection.FirstAxisShare)} of the variance");
    }

    [Fact]
    public void Build_KeyNameWithHtmlCharacters_IsEscapedEverywhere()
    {
        string html = HtmlReport.Build(run.Model, run.Options, null, "embeddings");

        html.ShouldNotContain(EmbeddingRun.HostileUser);
        html.ShouldContain("<title>u&lt;7&gt;&amp;&#39;x&#39;</title>");
    }

    [Fact]
    public void Build_HistoryOnly_StatisticsWithoutProjection()
    {
        string html = HtmlReport.Build(run.Model.History, run.Model.Diagnosis, null, null, "history", null);

        html.ShouldContain("<td>table 0</td>");
        html.ShouldContain("need the model");
        html.ShouldNotContain("<svg");
    }

    [Fact]
    public void Build_FindingAboutAColumn_NamesTheColumn()
    {
        var finding = new Finding
        {
            Kind = FindingKind.FrozenEmbedding, Severity = FindingSeverity.Warning, Column = "ShopKey", Epoch = 4,
            Message = "the embedding table of 'ShopKey' learns nothing", Advice = "raise the learning rate",
        };
        string html = HtmlReport.Build(run.Model.History, new TrainingDiagnosis([finding]), null, null, "finding", null);

        html.ShouldContain("<strong>FrozenEmbedding</strong> <span class=\"where\">(column &#39;ShopKey&#39;, epoch 4)</span>");
    }

    [Fact]
    public void Drawn_LargeTable_CapsThePointsAndKeepsTheLabelled()
    {
        int[] labelled = [3, 7_777, 99_999];
        var drawn = ProjectionSvg.Drawn(100_000, labelled);

        drawn.Length.ShouldBeInRange(ProjectionSvg.MaxPoints, ProjectionSvg.MaxPoints + labelled.Length);
        drawn.ShouldBeSubsetOf(Enumerable.Range(0, 100_000));
        labelled.ShouldBeSubsetOf(drawn);
        drawn.ShouldBe(drawn.Order().Distinct().ToArray());
        ProjectionSvg.Drawn(12, labelled).ShouldBe(Enumerable.Range(0, 12).ToArray());
    }
}
