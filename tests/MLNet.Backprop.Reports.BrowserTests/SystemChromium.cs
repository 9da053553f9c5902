using Microsoft.Playwright;

namespace MLNet.Backprop.Reports.BrowserTests;

/// <summary>
/// The machine's Chromium (Debian's <c>/usr/bin/chromium</c>, or <c>CHROMIUM_PATH</c>), driven by Playwright with the
/// flags a root, sandboxed, offline machine needs. Outside CI a missing browser skips the tests with the reason shown;
/// in CI (<c>CI=true</c>, where .ci/run installs it) a missing browser fails them.
/// </summary>
public static class SystemChromium
{
    public static string Path { get; } = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool Available => File.Exists(Path);

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingReason => $"No Chromium at {Path}: install it (apt-get install chromium) or set CHROMIUM_PATH.";

    public static BrowserTypeLaunchOptions LaunchOptions => new()
    {
        ExecutablePath = Path,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-quic"],
    };
}

/// <summary>A browser test: skipped with its reason outside CI when Chromium or the Telco data is missing; run (and
/// failing on what is missing) in CI.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (SystemChromium.InCi) return;
        if (!SystemChromium.Available) Skip = SystemChromium.MissingReason;
        else if (MLNet.Backprop.Tests.TestSupport.Telco.Directory is null) Skip = MLNet.Backprop.Tests.TestSupport.Telco.SkipReason;
    }
}
