using static MLNet.Backprop.Reports.BrowserTests.PageChecks;

namespace MLNet.Backprop.Reports.BrowserTests;

/// <summary>The report of a real sweep (Telco churn, a 5-layer network, learning rate × activation) in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SweepReportBrowserTests(BrowserSession session)
{
    [BrowserFact]
    public async Task SweepReport_OpenedAt1280px_NoErrorsEveryImageLoadsNothingOverflows()
    {
        await using var opened = await session.OpenAsync(session.Reports.SweepReport);
        var page = opened.Page;

        opened.Errors.ShouldBeEmpty();
        var (count, broken) = await ImagesAsync(page);
        count.ShouldBe(2);   // loss and gradient flow by run
        broken.ShouldBeEmpty();
        (await OverflowsAsync(page)).ShouldBeEmpty();
        await ScreenshotAsync(page, "sweep-1280.png");
    }

    [BrowserFact]
    public async Task SweepReport_RunsTableAndFindings_ArePresent()
    {
        await using var opened = await session.OpenAsync(session.Reports.SweepReport);
        var page = opened.Page;
        var sweep = session.Reports.Sweep;

        (await CountAsync(page, "table.runs tbody tr")).ShouldBe(sweep.Runs.Count);
        (await CountAsync(page, "table.runs tbody tr.kept")).ShouldBe(1);
        (await CountAsync(page, "#findings h3")).ShouldBe(sweep.Runs.Count);
        int findings = sweep.Runs.Sum(r => r.Diagnosis.Findings.Count);
        findings.ShouldBeGreaterThan(0);   // the deep sigmoid and the η = 0.1 runs are diagnosed
        (await CountAsync(page, "#findings .finding")).ShouldBe(findings);
    }

    [BrowserFact]
    public async Task SweepReport_DarkAndPrinted_ReadableAndFits()
    {
        await using (var dark = await session.OpenAsync(session.Reports.SweepReport, scheme: Microsoft.Playwright.ColorScheme.Dark))
        {
            var (ratio, where, background) = await ContrastAsync(dark.Page);
            background.ShouldBeLessThan(0.05);
            ratio.ShouldBeGreaterThanOrEqualTo(4.5, $"dark: the text with the least contrast is {where}");
        }
        await using var printed = await session.OpenAsync(session.Reports.SweepReport, width: 690);
        await printed.Page.EmulateMediaAsync(new Microsoft.Playwright.PageEmulateMediaOptions { Media = Microsoft.Playwright.Media.Print });
        (await OverflowsAsync(printed.Page)).ShouldBeEmpty();
    }
}
