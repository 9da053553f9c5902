using System.Text;
using Microsoft.Playwright;
using static MLNet.Backprop.Reports.BrowserTests.PageChecks;

namespace MLNet.Backprop.Reports.BrowserTests;

/// <summary>The training report of a real run (Telco churn, the default ensemble of 4), opened in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RunReportBrowserTests(BrowserSession session)
{
    [BrowserFact]
    public async Task RunReport_OpenedAt1280px_NoErrorsEveryImageLoadsNothingOverflows()
    {
        await using var opened = await session.OpenAsync(session.Reports.Run);
        var page = opened.Page;

        opened.Errors.ShouldBeEmpty();
        var (count, broken) = await ImagesAsync(page);
        count.ShouldBe(6);   // early stopping, reliability, loss, gradient flow, histograms, dead units
        broken.ShouldBeEmpty();
        (await OverflowsAsync(page)).ShouldBeEmpty();
        await ScreenshotAsync(page, "report-1280.png");
    }

    [BrowserFact]
    public async Task RunReport_Sections_FindingsEpochsNetworksAndResolvedSettingsArePresent()
    {
        await using var opened = await session.OpenAsync(session.Reports.Run);
        var page = opened.Page;
        var model = session.Reports.Model;

        (await CountAsync(page, "#findings .finding, #findings .healthy")).ShouldBeGreaterThan(0);
        (await CountAsync(page, "#findings .finding")).ShouldBe(model.Diagnosis.Findings.Count);
        (await CountAsync(page, "table.epochs:not(.layers) tbody tr")).ShouldBe(model.History.Epochs.Count);
        (await CountAsync(page, "table.epochs:not(.layers) tbody tr.kept")).ShouldBe(1);
        (await page.Locator("table.epochs:not(.layers) tbody tr.kept td").First.InnerTextAsync()).ShouldBe($"{model.History.BestEpoch} (kept)");
        (await CountAsync(page, "table.networks tbody tr")).ShouldBe(4);
        string settings = await page.Locator("#settings").InnerTextAsync();
        settings.ShouldContain($"auto → at most {model.History.Settings!.MaximumEpochs}");
        settings.ShouldContain("auto → 0.1");
        (await page.Locator("header .summary").Last.InnerTextAsync()).ShouldContain("summed over the 4 networks");
    }

    [BrowserFact]
    public async Task RunReport_LightAndDark_TextIsReadable()
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await using var opened = await session.OpenAsync(session.Reports.Run, scheme: scheme);
            var (ratio, where, background) = await ContrastAsync(opened.Page);

            if (scheme == ColorScheme.Dark) background.ShouldBeLessThan(0.05, "the dark scheme's page is dark");
            else background.ShouldBeGreaterThan(0.9, "the light scheme's page is light");
            ratio.ShouldBeGreaterThanOrEqualTo(4.5, $"{scheme}: the text with the least contrast is {where}");
            opened.Errors.ShouldBeEmpty();
            await ScreenshotAsync(opened.Page, $"report-{scheme.ToString().ToLowerInvariant()}.png");
        }
    }

    [BrowserFact]
    public async Task RunReport_Printed_FitsAnA4PageAndGivesAPdf()
    {
        await using var opened = await session.OpenAsync(session.Reports.Run, width: 690);   // A4 less 14 mm margins, at 96 dpi
        var page = opened.Page;
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        (await page.Locator("nav").IsVisibleAsync()).ShouldBeFalse();
        (await OverflowsAsync(page)).ShouldBeEmpty();
        var (ratio, where, _) = await ContrastAsync(page);
        ratio.ShouldBeGreaterThanOrEqualTo(4.5, $"printed: the text with the least contrast is {where}");

        byte[] pdf = await page.PdfAsync(new PagePdfOptions { Path = Path.Combine(ReportFiles.Artifacts, "report.pdf"), Format = "A4", PrintBackground = true });
        int pages = System.Text.RegularExpressions.Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page\b").Count;
        pages.ShouldBeGreaterThanOrEqualTo(3);
    }
}
