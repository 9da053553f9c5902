namespace MLNet.Backprop.Documentation.Tests;

/// <summary>nuget.org refuses a push whose nuspec exceeds its limits (NuGetGallery's
/// PackageHelper.ValidateNuGetPackageMetadata), so the pack checks them before it writes a package
/// (src/NuGetOrgLimits.targets); this repository's packages are within all of them.</summary>
public sealed class NuGetOrgLimitsTests
{
    /// <summary>The fields the packages set that nuget.org limits, as the check names them.</summary>
    private static readonly string[] LimitedFields =
    [
        "id", "version", "id and version together", "title", "authors", "description", "copyright", "releaseNotes", "tags",
        "projectUrl", "iconUrl", "licenseUrl", "license", "repository url", "repository type", "readme",
    ];

    public static TheoryData<string> Packages() => new(DocExample.Packages);

    /// <summary>An MSBuild property a package sets, the nuspec field it becomes, and nuget.org's limit on it.</summary>
    public static TheoryData<string, string, int> Fields() => new()
    {
        { "Description", "description", 4000 },
        { "Title", "title", 256 },
        { "Authors", "authors", 4000 },
        { "Copyright", "copyright", 4000 },
        { "PackageTags", "tags", 4000 },
        { "PackageId", "id", 100 },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Pack_ThisRepositorysPackage_IsWithinEveryNuGetOrgLimit(string package)
    {
        var check = PackMsBuild.CheckNuGetOrgLimits(package);

        check.ExitCode.ShouldBe(0, check.Output);
        check.Fields.Select(f => f.Name).ShouldBe(LimitedFields, ignoreOrder: true);
        foreach (var field in check.Fields)
            field.Length.ShouldBeLessThanOrEqualTo(field.Limit, $"{package}: {field.Name}");
        check.Fields.Single(f => f.Name == "releaseNotes").Length.ShouldBe(check.ReleaseNotes.Length);
        // The README's size as nuget.org reads it, in bytes (UTF-8), not characters.
        check.Fields.Single(f => f.Name == "readme").Length.ShouldBe((int)new FileInfo(Path.Combine(Repository.Root, "src", package, "PACKAGE.md")).Length);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Pack_FieldAtNuGetOrgsLimit_Passes(string property, string field, int limit)
    {
        var check = PackMsBuild.CheckNuGetOrgLimits("MLNet.Backprop", $"{property}={Value(limit)}");

        check.ExitCode.ShouldBe(0, check.Output);
        check.Fields.Single(f => f.Name == field).Length.ShouldBe(limit);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Pack_FieldOverNuGetOrgsLimit_FailsNamingTheFieldItsLengthAndTheLimit(string property, string field, int limit)
    {
        var check = PackMsBuild.CheckNuGetOrgLimits("MLNet.Backprop", $"{property}={Value(limit + 1)}");

        check.ExitCode.ShouldNotBe(0);
        check.Output.ShouldContain(" would be refused by nuget.org, so it is not packed: ");
        check.Output.ShouldContain($"its {field} is {limit + 1} characters long, more than the {limit} that nuget.org accepts (shorten ");
    }

    /// <summary>A value of <paramref name="length"/> characters that a command-line property can carry (no separators).</summary>
    private static string Value(int length) => "A" + new string('x', length - 1);
}
