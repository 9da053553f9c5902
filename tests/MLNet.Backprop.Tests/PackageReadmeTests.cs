using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MLNet.Backprop.Tests;

/// <summary>The README packed into the NuGet package renders on a package page: no images and no links by relative path
/// (a package page cannot resolve them), and it is the file the project packs.</summary>
public class PackageReadmeTests
{
    [Fact]
    public void PackedReadme_HasNoImagesAndNoRelativeLinks()
    {
        string project = FindUp(Path.Combine("src", "MLNet.Backprop", "MLNet.Backprop.csproj"));
        var document = XDocument.Load(project);
        string name = document.Descendants("PackageReadmeFile").Single().Value;
        // The packed file that lands at the package root under that name, whether renamed there or packed as is.
        var packed = document.Descendants("None").Single(e => (string?)e.Attribute("Pack") == "true" &&
            ((string?)e.Attribute("PackagePath") == "/" + name || ((string?)e.Attribute("PackagePath") == "/" && Path.GetFileName((string)e.Attribute("Include")!) == name)));
        string readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(project)!, (string)packed.Attribute("Include")!));

        Regex.Matches(readme, @"!\[[^\]]*\]\(").ShouldBeEmpty();
        Regex.Matches(readme, @"\]\((?!https?://)[^)]*\)").Select(m => m.Value).ShouldBeEmpty();
        readme.ShouldContain("SaveBackprop");
    }

    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}.");
    }
}
