using System.Text.RegularExpressions;

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

    // `dotnet add package MLNet.Backprop.Onnx --version X` and `<PackageReference Include="MLNet.Backprop" Version="X" />`.
    [GeneratedRegex(@"dotnet add package MLNet\.Backprop[\w.]* --version (?<version>\S+)|Include=""MLNet\.Backprop[\w.]*"" Version=""(?<version>[^""]+)""")]
    private static partial Regex Reference();
}
