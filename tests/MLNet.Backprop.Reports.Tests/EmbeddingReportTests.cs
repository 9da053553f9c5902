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
    public void Build_CategoricalModel_ProjectsEveryKeyAndNamesTheFarthestThatFit()
    {
        string html = HtmlReport.Build(run.Model, run.Options, null, "embeddings");
        string users = Figure(html, "UserKey"), items = Figure(html, "ItemKey");
        var projection = run.Model.Embedding("UserKey").Project2D();
        var labels = ProjectionSvg.Labels(projection);

        Regex.Matches(users, "<circle").Count.ShouldBe(60);
        Regex.Matches(users, "<circle class=\"labelled\"").Count.ShouldBe(labels.Count);
        labels.Count.ShouldBeInRange(20, ProjectionSvg.MaxLabels);   // 60 points leave room for most of the 30 names
        Regex.Matches(users, "<text[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value).ShouldBe(labels.Select(l => HtmlText.E(l.Name)));
        Regex.Matches(items, "<circle").Count.ShouldBe(10);
        Regex.Matches(items, "<text").Count.ShouldBeInRange(8, 10);  // few enough: (nearly) every item named

        // Farthest from the centre first, the farthest always named, and no name covers another.
        double Radius(int i) => Math.Sqrt(projection.X[i] * projection.X[i] + projection.Y[i] * projection.Y[i]);
        labels.Select(l => Radius(l.Index)).ShouldBeInOrder(SortDirection.Descending);
        Radius(labels[0].Index).ShouldBe(Enumerable.Range(0, 60).Max(Radius));
        for (int a = 0; a < labels.Count; a++)
            for (int b = 0; b < a; b++) labels[a].Overlaps(labels[b]).ShouldBeFalse($"{labels[a].Name} covers {labels[b].Name}");
        projection.FirstAxisShare.ShouldBeGreaterThanOrEqualTo(projection.SecondAxisShare);
        projection.SecondAxisShare.ShouldBeGreaterThan(0);
        users.ShouldContain($"horizontal: {Readable.Percent(projection.FirstAxisShare)} of the variance");
    }

    [Fact]
    public void Labels_CrowdedPoints_NameOnlyThoseThatFit()
    {
        // 40 points on a short segment, all far from the centre of a wide cloud: their names would be stacked.
        var x = Enumerable.Range(0, 40).Select(i => 10 + i * 0.01).Concat([-10.0, 0.0]).ToArray();
        var y = Enumerable.Range(0, 40).Select(_ => 0.0).Concat([0.0, 5.0]).ToArray();
        var names = Enumerable.Range(0, 42).Select(i => $"key{i}").ToArray();
        var projection = Projection(names, x, y);

        var labels = ProjectionSvg.Labels(projection);

        labels.Count.ShouldBeLessThan(10);
        labels.Select(l => l.Name).ShouldContain("key40");   // alone on the other side: room for its name
        for (int a = 0; a < labels.Count; a++)
            for (int b = 0; b < a; b++) labels[a].Overlaps(labels[b]).ShouldBeFalse();
    }

    private static EmbeddingProjection Projection(string[] names, double[] x, double[] y) =>
        (EmbeddingProjection)typeof(EmbeddingProjection).GetConstructors(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)[0]
            .Invoke([names, x, y, 0.5, 0.5]);

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
