using System.Text;
using System.Text.RegularExpressions;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>nuget.org refuses release notes longer than 35,000 characters, so the pack fits a longer changelog section
/// (src/NuGetOrgLimits.targets): its longest beginning that ends with a whole item, then a line pointing to CHANGELOG.md
/// at the built commit. Evaluated by MSBuild on changelogs written here.</summary>
public sealed partial class NuGetOrgReleaseNotesTests : IDisposable
{
    private const int Limit = 35_000;

    private readonly ChangelogFiles _changelogs = new();

    [Theory]
    [InlineData(200)]
    [InlineData(Limit)]
    public void ReleaseNotes_WithinNuGetOrgsLimit_AreTheSectionUnchanged(int length)
    {
        string notes = Section(length, seed: 1);

        var check = Check(notes);

        check.ExitCode.ShouldBe(0, check.Output);
        check.ReleaseNotes.ShouldBe(notes);
    }

    [Fact]
    public void ReleaseNotes_LongerThanNuGetOrgsLimit_AreCutAfterTheLastWholeItemThatFits_ThenLinkToTheChangelog()
    {
        string notes = Section(50_000, seed: 2);

        var check = Check(notes);

        check.ExitCode.ShouldBe(0, check.Output);
        check.ReleaseNotes.Length.ShouldBeLessThanOrEqualTo(Limit);
        string pointer = Pointer(check);
        check.ReleaseNotes.ShouldEndWith("\n\n" + pointer);
        string kept = check.ReleaseNotes[..^(pointer.Length + 2)];
        // Every line before the cut, whole, and nothing else: the section up to a line's end.
        notes.ShouldStartWith(kept + "\n");
        var ends = ItemEnds(notes);
        ends.ShouldContain(kept.Length, "the cut falls after a whole item, before a bullet, a heading or a blank line");
        int nextEnd = ends.FirstOrDefault(end => end > kept.Length, notes.Length);
        (nextEnd + 2 + pointer.Length).ShouldBeGreaterThan(Limit, "the next whole item would not have fitted");
    }

    [Fact]
    public void ReleaseNotes_LongerThanNuGetOrgsLimit_WithoutACommit_LinkTheChangelogOnTheDefaultBranch()
    {
        // A build that cannot ask git (a source archive): Source Link names no commit.
        var check = Check(Section(50_000, seed: 2), "EnableSourceControlManagerQueries=false");

        check.ExitCode.ShouldBe(0, check.Output);
        check.Commit.ShouldBe("");
        check.ReleaseNotes.ShouldEndWith("\n\n" + Pointer(check));
        check.ReleaseNotes.ShouldEndWith(" and at https://github.com/mlnet-backprop/MLNet.Backprop/blob/HEAD/src/CHANGELOG.md");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void ReleaseNotes_AnItemThatFillsTheLimitExactly_IsKept_OneCharacterMoreIsNot_NorItsHeading(int overLimit, bool kept)
    {
        // The pointer names the commit: read it once, then make the second item end where the notes, with the blank
        // line and the pointer, are the limit long (or one character longer, when the cut falls before its heading).
        string pointer = Pointer(Check("- an item"));
        string first = "### Added\n- the first item";
        string heading = "\n\n### Changed";
        string second = "\n- " + Words(Limit - 2 - pointer.Length - first.Length - heading.Length - 3 + overLimit, seed: 4);
        string notes = first + heading + second + "\n- " + Words(1000, seed: 5);

        var check = Check(notes);

        check.ExitCode.ShouldBe(0, check.Output);
        check.ReleaseNotes.ShouldBe((kept ? first + heading + second : first) + "\n\n" + pointer);
        check.ReleaseNotes.Length.ShouldBe(kept ? Limit : first.Length + 2 + pointer.Length);
    }

    [Fact]
    public void ReleaseNotes_FirstItemAloneLongerThanNuGetOrgsLimit_AreThePointerAlone_WithAWarning()
    {
        // One line of 36,000 characters (no cut without breaking it), then items that would fit.
        string notes = "### Added\n- " + Words(36_000, seed: 3) + "\n- a short item\n- another";

        var check = Check(notes);

        check.ExitCode.ShouldBe(0, check.Output);
        check.ReleaseNotes.ShouldBe(Pointer(check));
        check.Output.ShouldContain("the release notes' first item alone is longer than nuget.org's limit of 35000 characters");
    }

    private NuGetOrgCheck Check(string notes, params string[] properties)
    {
        string changelog = $"# Changelog\n\n## [Unreleased]\n\n{notes}\n\n## [1.0.0] - 2026-01-01\n\n- first release\n";
        return PackMsBuild.CheckNuGetOrgLimits("MLNet.Backprop",
            [$"ChangelogFile={_changelogs.Write(changelog)}", "VersionPrefix=1.1.0", "VersionSuffix=dev", .. properties]);
    }

    /// <summary>The line that ends cut release notes: a link to the repository's changelog at the commit Source Link
    /// found (on the default branch without one).</summary>
    private static string Pointer(NuGetOrgCheck check)
    {
        check.RepositoryUrl.ShouldStartWith("https://");
        check.Commit.ShouldMatch("^([0-9a-f]{40})?$");
        string changelog = $"{check.RepositoryUrl}/blob/{(check.Commit == "" ? "HEAD" : check.Commit)}/src/CHANGELOG.md";
        return $"Cut to fit nuget.org's limit of 35000 characters: the whole release notes are in CHANGELOG.md, in this package and at {changelog}";
    }

    /// <summary>Where the items of <paramref name="notes"/> end: the ends of lines that are neither headings nor blank
    /// and are followed by a line that starts a list item, a heading or a blank line.</summary>
    private static List<int> ItemEnds(string notes)
    {
        var ends = new List<int>();
        int start = 0;
        for (int end = notes.IndexOf('\n'); end >= 0; start = end + 1, end = notes.IndexOf('\n', start))
        {
            string line = notes[start..end];
            int nextEnd = notes.IndexOf('\n', end + 1);
            string next = notes[(end + 1)..(nextEnd < 0 ? notes.Length : nextEnd)];
            if (!line.StartsWith('#') && line.Trim().Length > 0 && BlockStart().IsMatch(next)) ends.Add(end);
        }
        return ends;
    }

    /// <summary>A changelog section of exactly <paramref name="length"/> characters, like the real one: headings, then
    /// bullets of one to four lines (continuations indented), some with nested bullets.</summary>
    private static string Section(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        string[] headings = ["### Added", "### Changed", "### Fixed"];
        for (int item = 0; text.Length < length; item++)
        {
            if (item % 12 == 0) text.Append(text.Length == 0 ? "" : "\n\n").Append(headings[item / 12 % headings.Length]);
            string indent = item % 5 == 4 ? "  " : "";
            text.Append('\n').Append(indent).Append("- ").Append(Words(random.Next(40, 110), seed + item));
            for (int line = random.Next(0, 4); line > 0; line--)
                text.Append('\n').Append(indent).Append("  ").Append(Words(random.Next(60, 115), seed + item + line));
        }
        return text.ToString(0, length).TrimEnd() + new string('x', length - text.ToString(0, length).TrimEnd().Length);
    }

    /// <summary>Words of 2 to 9 letters, separated by spaces, <paramref name="length"/> characters in all.</summary>
    private static string Words(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        while (text.Length < length)
            text.Append(text.Length == 0 ? "" : " ").Append(new string((char)('a' + random.Next(26)), random.Next(2, 10)));
        return text.ToString(0, length).TrimEnd().PadRight(length, 'x');
    }

    [GeneratedRegex(@"^([ \t]*([-*+]|[0-9]+\.)[ \t]|#|[ \t]*$)")]
    private static partial Regex BlockStart();

    public void Dispose() => _changelogs.Dispose();
}
