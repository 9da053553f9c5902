using System.Text.Json;
using Microsoft.Playwright;
using static MLNet.Backprop.Reports.BrowserTests.PageChecks;

namespace MLNet.Backprop.Reports.BrowserTests;

/// <summary>The report of a model with embedding tables (generated ids: 60 users, 10 items) in Chromium: each table's
/// projection renders as SVG, every key a point inside the frame, the names visible and inside it too.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EmbeddingReportBrowserTests(BrowserSession session)
{
    /// <summary>Per projection: points, points with a name tooltip, points drawn inside the frame with a size, names
    /// shown (laid out, non-empty, inside the frame), pairs of names whose boxes overlap, and the lowest contrast of a
    /// name against the plot's background.</summary>
    private static async Task<JsonElement[]> ProjectionsAsync(IPage page) => (await page.EvaluateAsync<JsonElement>("""
        () => {
          const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); const p = m[1].split(',').map(parseFloat); return { r: p[0], g: p[1], b: p[2] }; };
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                             return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          const inside = (r, f) => r.width > 0 && r.height > 0 && r.left >= f.left - 0.5 && r.right <= f.right + 0.5 && r.top >= f.top - 0.5 && r.bottom <= f.bottom + 0.5;
          return Array.from(document.querySelectorAll('svg.projection')).map(svg => {
            const frame = svg.getBoundingClientRect();
            const circles = Array.from(svg.querySelectorAll('circle')), texts = Array.from(svg.querySelectorAll('text'));
            const background = lum(parse(getComputedStyle(svg).backgroundColor));
            let contrast = 99;
            for (const t of texts) { const l = lum(parse(getComputedStyle(t).fill)); contrast = Math.min(contrast, (Math.max(l, background) + 0.05) / (Math.min(l, background) + 0.05)); }
            const boxes = texts.map(t => t.getBoundingClientRect());
            let overlaps = 0;
            for (let a = 0; a < boxes.length; a++)
              for (let b = 0; b < a; b++)
                if (boxes[a].left < boxes[b].right && boxes[b].left < boxes[a].right && boxes[a].top < boxes[b].bottom && boxes[b].top < boxes[a].bottom) overlaps++;
            return {
              overlaps,
              points: circles.length,
              named: circles.filter(c => c.querySelector('title') && c.querySelector('title').textContent.length > 0).length,
              pointsInside: circles.filter(c => inside(c.getBoundingClientRect(), frame)).length,
              labels: texts.length,
              labelsShown: texts.filter(t => t.textContent.length > 0 && inside(t.getBoundingClientRect(), frame)).length,
              contrast,
            };
          });
        }
        """)).EnumerateArray().ToArray();

    [BrowserFact]
    public async Task EmbeddingReport_OpenedAt1280px_ProjectionsRenderEveryPointAndNameInsideNoErrors()
    {
        await using var opened = await session.OpenAsync(session.Reports.EmbeddingReport);
        var page = opened.Page;

        opened.Errors.ShouldBeEmpty();
        var projections = await ProjectionsAsync(page);
        projections.Length.ShouldBe(2);
        var (users, items) = (projections[0], projections[1]);
        users.GetProperty("points").GetInt32().ShouldBe(60);
        users.GetProperty("named").GetInt32().ShouldBe(60);
        users.GetProperty("pointsInside").GetInt32().ShouldBe(60);
        users.GetProperty("labels").GetInt32().ShouldBeInRange(20, 30);
        users.GetProperty("labelsShown").GetInt32().ShouldBe(users.GetProperty("labels").GetInt32());
        items.GetProperty("points").GetInt32().ShouldBe(10);
        items.GetProperty("labelsShown").GetInt32().ShouldBeInRange(8, 10);
        foreach (var projection in projections) projection.GetProperty("overlaps").GetInt32().ShouldBe(0, "names drawn over each other");
        (await page.Locator("svg.projection text", new() { HasText = "item3" }).First.IsVisibleAsync()).ShouldBeTrue();
        (await CountAsync(page, "#embeddings table.tables tbody tr")).ShouldBe(2);
        (await OverflowsAsync(page)).ShouldBeEmpty();
        await page.Locator("#embeddings").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ReportFiles.Artifacts, "embeddings-1280.png") });
    }

    [BrowserFact]
    public async Task EmbeddingReport_DarkAndPrinted_NamesReadableAndEverythingFits()
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await using var opened = await session.OpenAsync(session.Reports.EmbeddingReport, scheme: scheme);
            foreach (var projection in await ProjectionsAsync(opened.Page))
                projection.GetProperty("contrast").GetDouble().ShouldBeGreaterThanOrEqualTo(4.5, $"{scheme}: the names against the plot");
            opened.Errors.ShouldBeEmpty();
        }

        await using var printed = await session.OpenAsync(session.Reports.EmbeddingReport, width: 690);
        await printed.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        (await OverflowsAsync(printed.Page)).ShouldBeEmpty();
        foreach (var projection in await ProjectionsAsync(printed.Page))
        {
            projection.GetProperty("labelsShown").GetInt32().ShouldBe(projection.GetProperty("labels").GetInt32());
            projection.GetProperty("overlaps").GetInt32().ShouldBe(0, "printed: names drawn over each other");
        }
    }
}
