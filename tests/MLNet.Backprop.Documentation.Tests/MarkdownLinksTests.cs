using System.Text.RegularExpressions;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>What the README and the docs point a reader to exists: every relative link and its #anchor (by GitHub's
/// rules, which the site's docfx build does not apply), every repository path written as code
/// (`Network/Inputs/InputStage.cs`, `Integration/Scoring/ScoringSlotsTests`), every test class and test named as
/// evidence.</summary>
public sealed partial class MarkdownLinksTests
{
    /// <summary>Paths a run writes or that live outside the repository (the shared data), which no clone holds.</summary>
    private static readonly string[] NotInTheRepository =
        ["artifacts/", "churn-output", "./churn-output", "recommendation-output/", "shared/", "../", "/"];

    private static readonly Lazy<string[]> TestSources = new(() => Directory
        .GetFiles(Path.Combine(Repository.Root, "tests"), "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
        .Select(File.ReadAllText).ToArray());

    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        foreach (var page in MarkdownPages.All()) data.Add(page.Path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void RelativeLinks_ReachAFileAndItsAnchor(string path)
    {
        var page = MarkdownPages.All().Single(p => p.Path == path);
        var broken = new List<string>();
        foreach (var (line, link) in page.Matches(Link()))
        {
            string url = link.Groups[1].Value;
            if (url.StartsWith("http", StringComparison.Ordinal) || url.StartsWith("xref:", StringComparison.Ordinal) || url.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            string file = url.Split('#')[0], anchor = url.Contains('#') ? url[(url.IndexOf('#') + 1)..] : "";
            string target = file.Length == 0 ? page.FullPath : Path.GetFullPath(Path.Combine(Repository.Root, page.LinkBase, file));
            if (!File.Exists(target) && !Directory.Exists(target)) broken.Add($"{path}:{line}: {url}: no such file");
            else if (anchor.Length > 0 && target.EndsWith(".md", StringComparison.Ordinal) && !MarkdownPages.Anchors(target).Contains(anchor))
                broken.Add($"{path}:{line}: {url}: {Path.GetFileName(target)} has no heading with that anchor");
        }

        broken.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void RepositoryPathsInCode_Exist(string path)
    {
        var page = MarkdownPages.All().Single(p => p.Path == path);
        var missing = new List<string>();
        foreach (var (line, code) in page.Matches(CodePath()))
        {
            string written = code.Groups[1].Value.TrimEnd('/');
            if (NotInTheRepository.Any(p => written.StartsWith(p, StringComparison.Ordinal))) continue;
            if (!Resolves(written)) missing.Add($"{path}:{line}: `{code.Groups[1].Value}`");
        }

        missing.ShouldBeEmpty("paths written as code that are in neither the repository's root nor a project of src, tests or samples");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void TestsCitedAsEvidence_Exist(string path)
    {
        var page = MarkdownPages.All().Single(p => p.Path == path);
        var missing = new List<string>();
        foreach (var (line, name) in page.Matches(TestClass()))
            if (!TestSources.Value.Any(s => Regex.IsMatch(s, $@"\bclass {name.Groups[1].Value}\b"))) missing.Add($"{path}:{line}: class {name.Groups[1].Value}");
        foreach (var (line, name) in page.Matches(TestMethod()))
            if (!TestSources.Value.Any(s => Regex.IsMatch(s, $@"\b{name.Groups[1].Value}\b"))) missing.Add($"{path}:{line}: test {name.Groups[1].Value}");

        missing.ShouldBeEmpty("tests the page cites that no test project holds");
    }

    [Fact]
    public void Anchors_FollowGitHub()
    {
        string file = Path.Combine(Path.GetTempPath(), $"anchors-{Guid.NewGuid():N}.md");
        File.WriteAllLines(file, ["# Options", "## What `Probability` means", "### On a quiet machine: the composition meets every issue-25 target", "## Options", "```", "# not a heading", "```"]);
        try
        {
            MarkdownPages.Anchors(file).ShouldBe(["options", "what-probability-means", "on-a-quiet-machine-the-composition-meets-every-issue-25-target", "options-1"], ignoreOrder: true);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>At the root, or inside a project of src, tests or samples; a name without an extension may be a C# file.</summary>
    private static bool Resolves(string written)
    {
        string root = Repository.Root;
        var bases = new[] { root }
            .Concat(new[] { "src", "tests", "samples" }.Select(d => Path.Combine(root, d)))
            .Concat(new[] { "src", "tests", "samples" }.SelectMany(d => Directory.GetDirectories(Path.Combine(root, d))));
        return bases.Any(b => File.Exists(Path.Combine(b, written)) || Directory.Exists(Path.Combine(b, written)) || File.Exists(Path.Combine(b, written + ".cs")));
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    /// <summary>`a/b` written as code: letters, digits, '.', '_', '-' and at least one '/'.</summary>
    [GeneratedRegex(@"`([A-Za-z0-9_.\-/]*[A-Za-z0-9_.\-]/[A-Za-z0-9_.\-/]*)`")]
    private static partial Regex CodePath();

    /// <summary>A test class cited by name (`OnnxExportInputsTests`, or the end of a path).</summary>
    [GeneratedRegex(@"[`/(]([A-Z][A-Za-z0-9]+Tests)\b(?![.\-])")]
    private static partial Regex TestClass();

    /// <summary>A test cited by the project's naming rule, Subject_Condition_Expected.</summary>
    [GeneratedRegex(@"\b([A-Z][A-Za-z0-9]+_[A-Za-z0-9]+_[A-Za-z0-9_]+)\b")]
    private static partial Regex TestMethod();
}
