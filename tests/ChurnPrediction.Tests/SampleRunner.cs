using ChurnPrediction;
using MLNet.Backprop.Tests.TestSupport;

namespace ChurnPrediction.Tests;

/// <summary>Runs the churn sample in-process, capturing what it prints.</summary>
internal static class SampleRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = ChurnApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A fresh temporary folder, deleted by the caller.</summary>
    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "churn-sample-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static string SharedFile(string name) => Path.Combine(Telco.Directory!, name);
}
