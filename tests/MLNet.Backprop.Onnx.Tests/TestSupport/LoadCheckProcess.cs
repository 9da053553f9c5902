using System.Diagnostics;
using System.Reflection;

namespace MLNet.Backprop.Onnx.Tests.TestSupport;

/// <summary>Runs tests/MLNet.Backprop.Onnx.LoadCheck (built with this project) as a separate <c>dotnet</c> process.</summary>
internal static class LoadCheckProcess
{
    public static string Path { get; } = typeof(LoadCheckProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "LoadCheck").Value!;

    /// <summary>Runs it and returns its report lines; fails with its output when it exits non-zero.</summary>
    public static string[] Run(string model, string rows, string task, string label, string outputDirectory)
    {
        File.Exists(Path).ShouldBeTrue($"the LoadCheck helper is built at {Path}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path, model, rows, task, label, outputDirectory }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000).ShouldBeTrue("LoadCheck finished within 2 minutes");
        process.ExitCode.ShouldBe(0, $"LoadCheck failed:\n{stdout.Result}\n{stderr.Result}");
        return File.ReadAllLines(System.IO.Path.Combine(outputDirectory, "report.txt"));
    }
}
