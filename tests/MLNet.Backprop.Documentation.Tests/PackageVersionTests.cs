using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>The README's and the packages' READMEs' references to these packages name the version that is packed
/// (<c>dotnet msbuild src/MLNet.Backprop -getProperty:PackageVersion</c>), so that following them takes this code's
/// packages, not an older pack of another version from NuGet's cache.</summary>
public sealed partial class PackageVersionTests
{
    public static TheoryData<string> Documents() =>
        new(DocExample.Packages.Select(p => $"src/{p}/PACKAGE.md").Prepend("README.md"));

    [Theory]
    [MemberData(nameof(Documents))]
    public void PackageReferences_ToThesePackages_NameThePackedVersion(string document)
    {
        string version = PackMsBuild.Property("PackageVersion");
        string text = File.ReadAllText(Path.Combine(Repository.Root, document));

        var references = Reference().Matches(text);
        foreach (Match reference in references)
            reference.Groups["version"].Value.ShouldBe(version, $"{document}: {reference.Value}");
        if (document == "README.md") references.ShouldNotBeEmpty("the README's Install section references the packages by version");
    }

    /// <summary>The other packages the README and the packages' READMEs name with a version ("Microsoft.ML 5.0.1",
    /// "`ScottPlot` 5.1.59", "--version 1.31.1", <c>Version="…"</c>) name the one the repository builds with
    /// (Directory.Packages.props). The changelog and the articles are records of their day and may name older ones.</summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public void VersionsOfOtherPackages_AreTheOnesTheRepositoryUses(string page)
    {
        var pinned = XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        string text = File.ReadAllText(Path.Combine(Repository.Root, page));

        var wrong = pinned.SelectMany(p => Regex.Matches(text, $@"(?<![\w.]){Regex.Escape(p.Key)}`?(?:"" Version=""| --version | )(?<version>\d+\.\d+\.\d+(?:\.\d+)?)")
                .Where(m => m.Groups["version"].Value != p.Value).Select(m => $"{m.Value}: the repository uses {p.Value}"))
            .ToList();

        wrong.ShouldBeEmpty();
        pinned.Count.ShouldBeGreaterThan(10);
    }

    // `dotnet add package MLNet.Backprop.Onnx --version X` and `<PackageReference Include="MLNet.Backprop" Version="X" />`.
    [GeneratedRegex(@"dotnet add package MLNet\.Backprop[\w.]* --version (?<version>\S+)|Include=""MLNet\.Backprop[\w.]*"" Version=""(?<version>[^""]+)""")]
    private static partial Regex Reference();
}
