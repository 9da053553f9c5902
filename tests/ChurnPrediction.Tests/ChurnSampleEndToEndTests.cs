using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;
using ChurnPrediction;
using ChurnPrediction.Commands;
using ChurnPrediction.Data;
using ChurnPrediction.Modeling;
using MLNet.Backprop;
using MLNet.Backprop.Tests.TestSupport;

namespace ChurnPrediction.Tests;

/// <summary>Trains the sample once, the way a user runs it, for the tests of this class.</summary>
public sealed class TrainedSample : IDisposable
{
    public TrainedSample()
    {
        Directory = SampleRunner.TempDirectory();
        if (Telco.Directory is null) return;
        // No --data: the sample must find the shared copy by itself, as `dotnet run` does in the repository.
        (ExitCode, Output, Error) = SampleRunner.Run("train", "--quiet", "--output-dir", Directory);
    }

    public string Directory { get; }
    public int ExitCode { get; } = -1;
    public string Output { get; } = "";
    public string Error { get; } = "";
    public string ModelPath => Path.Combine(Directory, TrainCommand.ModelFileName);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public class ChurnSampleEndToEndTests(TrainedSample sample) : IClassFixture<TrainedSample>
{
    [TelcoFact]
    public void Train_SharedTelcoFile_ExitsZeroAndReachesTheAucBar()
    {
        sample.ExitCode.ShouldBe(ChurnApp.Success, sample.Error);
        sample.Output.ShouldContain("the repository's shared copy, SHA-256 verified");
        sample.Output.ShouldContain("5,642 customers");
        sample.Output.ShouldContain("1,401 customers");
        var match = Regex.Match(sample.Output, Regex.Escape(TrainCommand.AucLinePrefix) + @"(\d\.\d{4}) \(seed 0, IBM Telco data");
        match.Success.ShouldBeTrue(sample.Output);
        double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0.845);
        sample.Output.ShouldContain("1401 of 1401 test probabilities bit-identical");
        foreach (string peer in new[] { "LbfgsLogisticRegression", "SdcaLogisticRegression", "FastTree", "LightGbm" }) sample.Output.ShouldContain(peer);
    }

    [TelcoFact]
    public void Train_ComparisonCsv_PrAucOfEveryModelAboveTheChurnRate()
    {
        // PR-AUC beside AUC for every model: a ranking no better than chance scores the churn rate (about 0.27 here).
        sample.ExitCode.ShouldBe(ChurnApp.Success, sample.Error);
        sample.Output.ShouldContain("PR-AUC");
        var lines = File.ReadAllLines(Path.Combine(sample.Directory, "comparison.csv"));
        lines[0].ShouldBe("model,auc,pr_auc,accuracy,f1,log_loss,fit_seconds,log_loss_minus_mlp,log_loss_minus_mlp_se");
        lines.Length.ShouldBeGreaterThan(2);
        foreach (var line in lines.Skip(1))
            double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture).ShouldBeInRange(0.4, 1.0, line);
    }

    [TelcoFact]
    public void Train_ComparisonCsv_PairedLogLossDifferenceMatchesTheEvaluators()
    {
        // The paired difference is computed row by row; its mean must be ML.NET's log-loss difference, or the two
        // disagree on the unit or the clamping and the standard error beside it means nothing.
        sample.ExitCode.ShouldBe(ChurnApp.Success, sample.Error);
        sample.Output.ShouldContain("paired over the 1,401 test customers");
        var rows = File.ReadAllLines(Path.Combine(sample.Directory, "comparison.csv")).Skip(1)
            .Select(line => line.Split(',')).Select(c => (Name: c[0], LogLoss: Number(c[5]), Difference: Number(c[7]), Error: Number(c[8]))).ToList();
        double mlp = rows[0].LogLoss;
        rows[0].Difference.ShouldBe(0);
        foreach (var row in rows.Skip(1))
        {
            row.Difference.ShouldBe(row.LogLoss - mlp, 1e-9, row.Name);
            row.Error.ShouldBeInRange(1e-5, 0.05, row.Name);
        }
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [TelcoFact]
    public void Train_WritesTheHtmlReportAndPlots()
    {
        sample.ExitCode.ShouldBe(ChurnApp.Success, sample.Error);
        sample.Output.ShouldContain("== Training diagnosis ==");
        string report = Path.Combine(sample.Directory, TrainCommand.ReportFileName);
        sample.Output.ShouldContain(report);
        File.ReadAllText(report).ShouldContain("Test AUC");
        File.ReadAllText(report).ShouldContain("Test PR-AUC");
        foreach (string plot in new[] { "mlp-loss.png", "mlp-gradient-flow.png" }) File.Exists(Path.Combine(sample.Directory, plot)).ShouldBeTrue(plot);
    }

    [TelcoFact]
    public void Evaluate_SavedModel_ReportsTheSameAuc()
    {
        sample.ExitCode.ShouldBe(ChurnApp.Success, sample.Error);
        var (code, output, error) = SampleRunner.Run("evaluate", "--model", sample.ModelPath);
        code.ShouldBe(ChurnApp.Success, error);
        string auc(string text) => Regex.Match(text, Regex.Escape(TrainCommand.AucLinePrefix) + @"(\d\.\d{4})").Groups[1].Value;
        auc(output).ShouldBe(auc(sample.Output));
    }

    [TelcoFact]
    public void Predict_InANewProcess_WritesTheInProcessProbabilitiesBitForBit()
    {
        sample.ExitCode.ShouldBe(ChurnApp.Success, sample.Error);
        string input = SampleRunner.SharedFile("test.csv");
        string output = Path.Combine(sample.Directory, "predictions.csv");

        var process = Process.Start(new ProcessStartInfo("dotnet", [SampleDll(), "predict", "--model", sample.ModelPath, "--input", input, "--output", output])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit(60_000).ShouldBeTrue();
        process.ExitCode.ShouldBe(0, stderr);

        var ml = new MLContext(seed: 0);
        var model = ml.Model.LoadBackprop(sample.ModelPath, out _);
        var expected = ml.Data.CreateEnumerable<ScoredCustomer>(model.Transform(TelcoCsv.Load(ml, input, requireChurn: false)), reuseRowObject: false).ToList();
        var lines = File.ReadAllLines(output);
        lines[0].ShouldBe("customerID,probability");
        lines.Length.ShouldBe(expected.Count + 1);
        for (int i = 0; i < expected.Count; i++)
        {
            string[] fields = lines[i + 1].Split(',');
            fields[0].ShouldBe(expected[i].CustomerId);
            float written = float.Parse(fields[1], CultureInfo.InvariantCulture);
            BitConverter.SingleToInt32Bits(written).ShouldBe(BitConverter.SingleToInt32Bits(expected[i].Probability), $"row {i + 1}");
        }
    }

    [TelcoFact]
    public void Predict_ShippedExampleCustomers_ScoresAllFiveWithoutWarnings()
    {
        sample.ExitCode.ShouldBe(ChurnApp.Success, sample.Error);
        var (code, output, error) = SampleRunner.Run("predict", "--model", sample.ModelPath, "--input", ExampleCustomers());
        code.ShouldBe(ChurnApp.Success, error);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(6, output);
        error.ShouldNotContain("warning");
        error.ShouldContain("Scored 5 customers");
    }

    [TelcoFact]
    public void Predict_UnseenCategoryAndAbsurdAmount_WarnsNamingCustomerAndColumn()
    {
        sample.ExitCode.ShouldBe(ChurnApp.Success, sample.Error);
        var lines = File.ReadAllLines(ExampleCustomers());
        lines[2] = lines[2].Replace("Two year", "Fortnightly");
        lines[3] = lines[3].Replace(",89.9,", ",1e30,");
        string input = Path.Combine(sample.Directory, "odd-customers.csv");
        File.WriteAllLines(input, lines);

        var (code, output, error) = SampleRunner.Run("predict", "--model", sample.ModelPath, "--input", input);

        code.ShouldBe(ChurnApp.Success, error);
        error.ShouldContain("warning: customer 0002-EXAMP: Contract 'Fortnightly' is not a value the model was trained on");
        error.ShouldContain("warning: customer 0003-EXAMP: MonthlyCharges = 1E+30 lies");
        error.ShouldContain("2 warnings");
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(6, output);
    }

    private static string ExampleCustomers()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "ChurnPrediction", "examples", "customers.csv");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"samples/ChurnPrediction/examples/customers.csv not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The sample's dll: copied next to the tests when it can run from there, else the sample's own build output.</summary>
    private static string SampleDll()
    {
        string beside = typeof(ChurnApp).Assembly.Location;
        if (File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name; // bin/<config>/net10.0/
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "ChurnPrediction", "bin", config, "net10.0", "ChurnPrediction.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"ChurnPrediction.dll with its runtimeconfig.json not found near {AppContext.BaseDirectory}.");
    }
}
