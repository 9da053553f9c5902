using System.Diagnostics;

namespace MLNet.Backprop.Onnx.Tests.TestSupport;

/// <summary>ONNX's own checker, <c>onnx.checker.check_model(model, full_check=True)</c> (shape inference included), run by
/// Debian's python3-onnx (<c>apt-get install python3-onnx</c>; .ci/run installs it).</summary>
internal static class OnnxChecker
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Set (to 1) by .ci/run, where python3-onnx is installed: a missing checker then fails instead of skipping.</summary>
    public const string RequireVariable = "MLNET_BACKPROP_REQUIRE_ONNX_CHECKER";

    public static string? SkipReason { get; } = Probe();

    /// <summary>Null when the model passes; otherwise the checker's message.</summary>
    public static string? Check(byte[] model)
    {
        string path = Path.Combine(Path.GetTempPath(), $"onnx-check-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model);
        try
        {
            var (code, output) = Run("import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')", path);
            return code == 0 && output.Trim() == "ok" ? null : output.Trim();
        }
        finally { File.Delete(path); }
    }

    private static string? Probe()
    {
        if (!File.Exists(Python)) return Missing($"{Python} not found");
        var (code, output) = Run("import onnx; print(onnx.__version__)");
        return code == 0 ? null : Missing($"python3 cannot import onnx ({output.Trim().Split('\n')[^1]})");
    }

    private static string? Missing(string why) =>
        Environment.GetEnvironmentVariable(RequireVariable) == "1" ? null // the test then runs and fails, saying why
        : $"ONNX's checker is not installed ({why}): apt-get install python3-onnx.";

    private static (int Code, string Output) Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}

/// <summary>A data theory skipped, with the reason shown, when ONNX's checker is not installed (never in CI).</summary>
public sealed class OnnxCheckerTheoryAttribute : TheoryAttribute
{
    public OnnxCheckerTheoryAttribute()
    {
        if (MLNet.Backprop.Tests.TestSupport.Telco.Directory is null) Skip = MLNet.Backprop.Tests.TestSupport.Telco.SkipReason;
        else if (OnnxChecker.SkipReason is { } reason) Skip = reason;
    }
}
