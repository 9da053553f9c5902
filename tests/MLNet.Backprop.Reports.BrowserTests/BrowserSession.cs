using Microsoft.Playwright;

namespace MLNet.Backprop.Reports.BrowserTests;

/// <summary>One Chromium for all the browser tests, and the reports they open.</summary>
public sealed class BrowserSession : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public ReportFiles Reports { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!SystemChromium.Available) throw new InvalidOperationException(SystemChromium.MissingReason);
        Reports = new ReportFiles();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(SystemChromium.LaunchOptions);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>Opens <paramref name="file"/> in a new page of the given width and colour scheme, recording every
    /// console error and uncaught page error from the start.</summary>
    public async Task<OpenedPage> OpenAsync(string file, int width = 1280, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            ColorScheme = scheme,
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add("console: " + message.Text); };
        page.PageError += (_, error) => errors.Add("page: " + error);
        page.RequestFailed += (_, request) => errors.Add("request failed: " + request.Url[..Math.Min(80, request.Url.Length)]);
        var response = await page.GotoAsync(new Uri(file).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return new OpenedPage(context, page, errors);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSession>
{
    public const string Name = "browser";
}

/// <summary>A page and what went wrong while it loaded.</summary>
public sealed record OpenedPage(IBrowserContext Context, IPage Page, List<string> Errors) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => new(Context.CloseAsync());
}
