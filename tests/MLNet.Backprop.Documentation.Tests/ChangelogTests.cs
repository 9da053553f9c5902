using System.Text.RegularExpressions;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>src/CHANGELOG.md (Keep a Changelog) describes the version the packages carry: a prerelease of the next
/// version (1.1.0-dev) with its notes under [Unreleased], or a release with its dated section.</summary>
public sealed partial class ChangelogTests
{
    private static readonly string Root = Repository.Root;

    [Fact]
    public void Changelog_ThePackagesVersion_PassesThePacksCheck()
    {
        // A prerelease needs notes under [Unreleased], a release its dated section and none under [Unreleased].
        var (exitCode, output) = PackMsBuild.CheckChangelog();

        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public void Changelog_ThePackagesVersion_FollowsTheNewestRelease()
    {
        string version = PackMsBuild.Property("PackageVersion");
        var released = DatedHeading().Matches(File.ReadAllText(Path.Combine(Root, "src", "CHANGELOG.md")))
            .Select(m => (Version: Version.Parse(m.Groups[1].Value), Date: m.Groups[2].Value)).ToArray();
        released.ShouldNotBeEmpty();
        foreach (var (release, date) in released)
            DateOnly.TryParseExact(date, "yyyy-MM-dd", out _).ShouldBeTrue($"the date of {release}, {date}, is YYYY-MM-DD");
        var newest = released.Max(r => r.Version)!;

        if (version.Contains('-'))
            Version.Parse(version[..version.IndexOf('-')]).ShouldBeGreaterThan(newest, $"the prerelease {version} is of a version after the newest release, {newest}");
        else
            Version.Parse(version).ShouldBe(newest, $"the release {version} is the changelog's newest dated section");
    }

    [Fact]
    public void Changelog_VersionsAreNewestFirst_UnreleasedOnTop()
    {
        var headings = Heading().Matches(File.ReadAllText(Path.Combine(Root, "src", "CHANGELOG.md"))).Select(m => m.Groups[1].Value).ToArray();

        headings.ShouldNotBeEmpty();
        headings[0].ShouldBe("Unreleased");
        var versions = headings.Skip(1).Select(Version.Parse).ToArray();
        versions.ShouldBe(versions.OrderByDescending(v => v).ToArray());
    }

    [Fact]
    public void EveryPackage_HasItsOwnReadme()
    {
        foreach (var package in DocExample.Packages)
            File.Exists(Path.Combine(Root, "src", package, "PACKAGE.md")).ShouldBeTrue($"src/{package}/PACKAGE.md (the package's README) is missing");
    }

    [GeneratedRegex(@"^## \[([^\]]+)\]", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^## \[(\d+\.\d+\.\d+)\] - (\S+)$", RegexOptions.Multiline)]
    private static partial Regex DatedHeading();
}
