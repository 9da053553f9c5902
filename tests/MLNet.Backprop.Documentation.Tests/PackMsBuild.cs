using System.Diagnostics;
using System.Text.Json;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>Evaluates the packages' build (src/Directory.Build.props and .targets, through src/MLNet.Backprop or another
/// package's project) with <c>dotnet msbuild</c>: the version and release notes a pack would use, and the checks that
/// <c>dotnet pack</c> runs before it writes the nuspec, without packing. Nothing is built or written.</summary>
internal static class PackMsBuild
{
    /// <summary>The value of a property after the evaluation (the packages' whole version is <c>PackageVersion</c>).</summary>
    public static string Property(string name, params string[] properties)
    {
        var run = Run("MLNet.Backprop", [.. properties.Select(p => "-p:" + p), "-getProperty:" + name]);
        run.ExitCode.ShouldBe(0, run.Output);
        return run.Stdout.Trim();
    }

    /// <summary>Runs the check that <c>dotnet pack</c> runs before writing the nuspec; its exit code and output.</summary>
    public static (int ExitCode, string Output) CheckChangelog(params string[] properties)
    {
        var run = Run("MLNet.Backprop", [.. properties.Select(p => "-p:" + p), "-t:_CheckChangelogHasThisVersion"]);
        return (run.ExitCode, run.Output);
    }

    /// <summary>Runs what <c>dotnet pack</c> runs for <paramref name="package"/> before writing the nuspec against
    /// nuget.org's limits (src/NuGetOrgLimits.targets: the release notes fitted, after Source Link named the commit, then
    /// every limited field checked); the release notes and fields as they are then.</summary>
    public static NuGetOrgCheck CheckNuGetOrgLimits(string package, params string[] properties)
    {
        var run = Run(package, [.. properties.Select(p => "-p:" + p), "-t:_CheckNuGetOrgLimits",
            "-getProperty:PackageReleaseNotes", "-getProperty:RepositoryUrl", "-getProperty:RepositoryCommit", "-getItem:_NuGetOrgLimit"]);
        if (run.ExitCode != 0) return new(run.ExitCode, run.Output, "", "", "", []);
        using var json = JsonDocument.Parse(run.Stdout);
        var values = json.RootElement.GetProperty("Properties");
        string Value(string name) => values.GetProperty(name).GetString()!;
        var fields = json.RootElement.GetProperty("Items").GetProperty("_NuGetOrgLimit").EnumerateArray()
            .Select(f => new NuGetOrgField(f.GetProperty("Identity").GetString()!, int.Parse(f.GetProperty("Length").GetString()!),
                int.Parse(f.GetProperty("Limit").GetString()!), f.GetProperty("Unit").GetString()!))
            .ToArray();
        return new(run.ExitCode, run.Output, Value("PackageReleaseNotes"), Value("RepositoryUrl"), Value("RepositoryCommit"), fields);
    }

    private static (int ExitCode, string Stdout, string Output) Run(string package, string[] arguments)
    {
        string project = Path.Combine(Repository.Root, "src", package, package + ".csproj");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in new[] { "msbuild", project, "-nologo", "-nodeReuse:false", "-v:q" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000).ShouldBeTrue("dotnet msbuild finished within 2 minutes");
        return (process.ExitCode, stdout.Result, stdout.Result + stderr.Result);
    }
}

/// <summary>What src/NuGetOrgLimits.targets left: its exit code and output, the release notes the nuspec gets, the
/// repository and commit their link names, and every limited field's length (all empty when it failed).</summary>
internal sealed record NuGetOrgCheck(int ExitCode, string Output, string ReleaseNotes, string RepositoryUrl, string Commit,
    IReadOnlyList<NuGetOrgField> Fields);

/// <summary>A nuspec field nuget.org limits: its name, its length in <paramref name="Unit"/> and the limit.</summary>
internal sealed record NuGetOrgField(string Name, int Length, int Limit, string Unit);
