namespace MLNet.Backprop.Documentation.Tests;

/// <summary>The packages' release notes come from src/CHANGELOG.md by the version's kind (src/Directory.Build.targets):
/// a prerelease (1.1.0-dev, code since the last release) carries [Unreleased], a release its dated section, and a pack
/// whose version and changelog disagree fails. Evaluated by MSBuild on changelogs written here.</summary>
public sealed class ReleaseNotesTests : IDisposable
{
    private const string Changelog = """
        # Changelog

        ## [Unreleased]

        ### Added
        - the unreleased change

        ## [2.0.0] - 2026-02-01

        ### Added
        - the change of 2.0.0

        ## [1.0.0] - 2026-01-01

        - first release
        """;

    /// <summary>The same changelog with an empty [Unreleased] section, as right after a release.</summary>
    private static readonly string ChangelogWithoutUnreleasedNotes = Changelog.Replace("### Added\n- the unreleased change\n\n", "");

    private readonly ChangelogFiles _changelogs = new();

    [Fact]
    public void ReleaseNotes_Prerelease_AreTheUnreleasedSection()
    {
        string file = Write(Changelog);

        PackMsBuild.Property("PackageReleaseNotes", $"ChangelogFile={file}", "VersionPrefix=2.1.0", "VersionSuffix=dev")
            .ShouldBe("### Added\n- the unreleased change");
        PackMsBuild.CheckChangelog($"ChangelogFile={file}", "VersionPrefix=2.1.0", "VersionSuffix=dev").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void ReleaseNotes_Release_AreItsDatedSection()
    {
        string file = Write(ChangelogWithoutUnreleasedNotes);

        PackMsBuild.Property("PackageReleaseNotes", $"ChangelogFile={file}", "VersionPrefix=2.0.0", "VersionSuffix=")
            .ShouldBe("### Added\n- the change of 2.0.0");
        PackMsBuild.CheckChangelog($"ChangelogFile={file}", "VersionPrefix=2.0.0", "VersionSuffix=").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Pack_ReleaseWithoutItsDatedSection_Fails()
    {
        string file = Write(ChangelogWithoutUnreleasedNotes);

        var (exitCode, output) = PackMsBuild.CheckChangelog($"ChangelogFile={file}", "VersionPrefix=2.1.0", "VersionSuffix=");

        exitCode.ShouldNotBe(0);
        output.ShouldContain("has no section '## [2.1.0] - YYYY-MM-DD'");
    }

    [Fact]
    public void Pack_ReleaseWithUnreleasedNotes_Fails()
    {
        // The packages would carry unreleased code under a released number (NuGet's cache could not tell them apart).
        var (exitCode, output) = PackMsBuild.CheckChangelog($"ChangelogFile={Write(Changelog)}", "VersionPrefix=2.0.0", "VersionSuffix=");

        exitCode.ShouldNotBe(0);
        output.ShouldContain("lists changes under '## [Unreleased]'");
    }

    [Fact]
    public void Pack_PrereleaseWithEmptyUnreleased_Fails()
    {
        string file = Write(ChangelogWithoutUnreleasedNotes);

        var (exitCode, output) = PackMsBuild.CheckChangelog($"ChangelogFile={file}", "VersionPrefix=2.1.0", "VersionSuffix=dev");

        exitCode.ShouldNotBe(0);
        output.ShouldContain("has no notes under '## [Unreleased]'");
    }

    private string Write(string changelog) => _changelogs.Write(changelog);

    public void Dispose() => _changelogs.Dispose();
}
