using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>Each package's README (src/&lt;package&gt;/PACKAGE.md, packed as README.md by src/Directory.Build.props)
/// renders on a package page: no images and no links by relative path, which a package page cannot resolve.</summary>
public sealed class PackageReadmeTests
{
    public static TheoryData<string> Packages() => new(DocExample.Packages);

    [Theory]
    [MemberData(nameof(Packages))]
    public void PackedReadme_HasNoImagesAndNoRelativeLinks(string package)
    {
        string props = Path.Combine(Repository.Root, "src", "Directory.Build.props");
        var document = XDocument.Load(props);
        string name = document.Descendants("PackageReadmeFile").Single().Value;
        var packed = document.Descendants("None").Single(e => (string?)e.Attribute("Pack") == "true" && (string?)e.Attribute("PackagePath") == "/" + name);
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "src", package, (string)packed.Attribute("Include")!));

        Regex.Matches(readme, @"!\[[^\]]*\]\(").ShouldBeEmpty();
        Regex.Matches(readme, @"\]\((?!https?://)[^)]*\)").Select(m => m.Value).ShouldBeEmpty();
        readme.ShouldStartWith($"# {package}\n");
    }
}
