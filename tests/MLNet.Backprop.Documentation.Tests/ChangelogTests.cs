using System.Text.RegularExpressions;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>src/CHANGELOG.md (Keep a Changelog) describes the version the packages carry.</summary>
public sealed partial class ChangelogTests
{
    private static readonly string Root = Repository.Root;

    [Fact]
    public void Changelog_HasADatedSectionForThePackagesVersion()
    {
        string version = PackageVersion();
        string changelog = File.ReadAllText(Path.Combine(Root, "src", "CHANGELOG.md"));

        var heading = Regex.Match(changelog, $@"^## \[{Regex.Escape(version)}\] - (\d{{4}}-\d{{2}}-\d{{2}})$", RegexOptions.Multiline);
        heading.Success.ShouldBeTrue($"src/CHANGELOG.md has no '## [{version}] - YYYY-MM-DD' section for the version in src/Directory.Build.props");
        DateOnly.TryParseExact(heading.Groups[1].Value, "yyyy-MM-dd", out _).ShouldBeTrue();
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

    private static string PackageVersion()
    {
        var match = Regex.Match(File.ReadAllText(Path.Combine(Root, "src", "Directory.Build.props")), "<VersionPrefix>([^<]+)</VersionPrefix>");
        match.Success.ShouldBeTrue("src/Directory.Build.props sets no VersionPrefix");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"^## \[([^\]]+)\]", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
