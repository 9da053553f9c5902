using System.Text.RegularExpressions;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>The Markdown a reader is given: the README, the changelog, the packages' READMEs and the site's pages, with
/// their prose lines (fenced code left out) and the GitHub anchors of their headings.</summary>
public static partial class MarkdownPages
{
    /// <param name="Path">Repository-relative, with '/'.</param>
    /// <param name="LinkBase">The folder its relative links start from (the site's index.md is staged at the root).</param>
    public sealed record Page(string Path, string LinkBase)
    {
        public override string ToString() => Path;

        public string FullPath => System.IO.Path.Combine(Repository.Root, Path);

        /// <summary>Every match of <paramref name="pattern"/> in the prose, with its line number.</summary>
        public IEnumerable<(int Line, Match Match)> Matches(Regex pattern) =>
            Prose().SelectMany(l => pattern.Matches(l.Text).Select(m => (l.Line, m)));

        /// <summary>(line number, text) of every line outside fenced code blocks.</summary>
        public IEnumerable<(int Line, string Text)> Prose()
        {
            bool fenced = false;
            var lines = File.ReadAllLines(FullPath);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
                else if (!fenced) yield return (i + 1, lines[i]);
            }
        }
    }

    public static IReadOnlyList<Page> All()
    {
        var pages = new List<Page> { new("README.md", ""), new("src/CHANGELOG.md", "src"), new("src/docs/index.md", "") };
        foreach (var package in Directory.GetFiles(Path.Combine(Repository.Root, "src"), "PACKAGE.md", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Repository.Root, package).Replace('\\', '/');
            if (!relative.Contains("/bin/") && !relative.Contains("/obj/")) pages.Add(new(relative, Path.GetDirectoryName(relative)!.Replace('\\', '/')));
        }
        foreach (var article in Directory.GetFiles(Path.Combine(Repository.Root, "src", "docs", "articles"), "*.md"))
            pages.Add(new(Path.GetRelativePath(Repository.Root, article).Replace('\\', '/'), "src/docs/articles"));
        return pages;
    }

    /// <summary>The anchors GitHub gives the page's headings: lower case, punctuation dropped (letters, digits, '-' and
    /// '_' kept, any script), spaces to '-', a repeated anchor suffixed -1, -2….</summary>
    public static IReadOnlySet<string> Anchors(string fullPath)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        bool fenced = false;
        foreach (string line in File.ReadLines(fullPath))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { fenced = !fenced; continue; }
            var heading = Heading().Match(line);
            if (fenced || !heading.Success) continue;
            string text = LinkText().Replace(heading.Groups[1].Value, "$1");
            string slug = string.Concat(text.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ')).Replace(' ', '-');
            if (seen.TryGetValue(slug, out int n)) { seen[slug] = n + 1; anchors.Add($"{slug}-{n + 1}"); }
            else { seen[slug] = 0; anchors.Add(slug); }
        }
        return anchors;
    }

    [GeneratedRegex(@"^#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkText();
}
