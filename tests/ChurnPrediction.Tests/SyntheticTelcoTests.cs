using Microsoft.ML;
using Microsoft.ML.Data;
using ChurnPrediction;
using ChurnPrediction.Data;

namespace ChurnPrediction.Tests;

public class SyntheticTelcoTests
{
    [Fact]
    public void Write_HasTheTelcoSchemaAndPassesValidation()
    {
        string dir = SampleRunner.TempDirectory();
        string path = Path.Combine(dir, "synthetic.csv");
        SyntheticTelco.Write(path, seed: 3, rows: 500);

        File.ReadLines(path).First().ShouldBe(string.Join(',', TelcoSchema.Header));
        TelcoCsv.Validate(path, requireChurn: true).Count.ShouldBe(21);
        var ml = new MLContext(seed: 0);
        var ids = TelcoCsv.Load(ml, path, requireChurn: true).GetColumn<ReadOnlyMemory<char>>(TelcoSchema.CustomerId).Select(i => i.ToString()).ToList();
        ids.Count.ShouldBe(500);
        ids.Distinct().Count().ShouldBe(500);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Train_Synthetic_RunsUnderTheNotRealBanner()
    {
        string dir = SampleRunner.TempDirectory();
        var (code, output, error) = SampleRunner.Run("--synthetic", "--epochs", "5", "--quiet", "--output-dir", dir);

        code.ShouldBe(ChurnApp.Success, error);
        output.ShouldContain("SYNTHETIC DATA");
        output.ShouldContain("NOT a real churn result");
        output.ShouldContain("SYNTHETIC data, fit");
        File.Exists(Path.Combine(dir, "churn-model.zip")).ShouldBeTrue();
        Directory.Delete(dir, recursive: true);
    }
}
