using System.Diagnostics;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>Evaluates the packages' build (src/Directory.Build.props and .targets, through src/MLNet.Backprop) with
/// <c>dotnet msbuild</c>: the version and release notes a pack would use, and the pack's changelog check, without
/// packing. Nothing is built or written.</summary>
internal static class PackMsBuild
{
    private static readonly string Project = Path.Combine(Repository.Root, "src", "MLNet.Backprop", "MLNet.Backprop.csproj");

    /// <summary>The value of a property after the evaluation (the packages' whole version is <c>PackageVersion</c>).</summary>
    public static string Property(string name, params string[] properties)
    {
        var (exitCode, output) = Run([.. properties.Select(p => "-p:" + p), "-getProperty:" + name]);
        exitCode.ShouldBe(0, output);
        return output.Trim();
    }

    /// <summary>Runs the check that <c>dotnet pack</c> runs before writing the nuspec; its exit code and output.</summary>
    public static (int ExitCode, string Output) CheckChangelog(params string[] properties) =>
        Run([.. properties.Select(p => "-p:" + p), "-t:_CheckChangelogHasThisVersion"]);

    private static (int ExitCode, string Output) Run(string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in new[] { "msbuild", Project, "-nologo", "-nodeReuse:false", "-v:q" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000).ShouldBeTrue("dotnet msbuild finished within 2 minutes");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
