using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Tests.TestSupport;
using Xunit.Abstractions;

namespace MLNet.Backprop.Onnx.Tests.Saving;

/// <summary>
/// ML.NET's own <c>ml.Model.Save</c> on pipelines with a BackpropTransformer, loaded by plain <c>ml.Model.Load</c> in a
/// fresh process that has no MLNet.Backprop and makes no registration call; scored, evaluated, used in a
/// PredictionEngine and followed by MapKeyToValue there, and compared with the original pipeline here.
/// </summary>
public class ModelSaveLoadTests(ITestOutputHelper output)
{
    public static TheoryData<string> Tasks() => new(Datasets.Tasks);

    [DataTheory]
    [MemberData(nameof(Tasks))]
    public void ModelSave_LoadInFreshProcess_ScoresMetricsAndEngineLikeOriginal(string taskName)
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, taskName);
        var model = Datasets.Fit(ml, task, Activation.GELU);
        string dir = Directory.CreateTempSubdirectory("backprop-save-").FullName;
        try
        {
            string zip = Path.Combine(dir, "model.zip"), rows = Path.Combine(dir, "rows.idv");
            ml.Model.Save(model, task.Train.Schema, zip);
            using (var file = File.Create(rows)) ml.Data.SaveAsBinary(task.Test, file);

            var report = LoadCheckProcess.Run(zip, rows, taskName, task.Label, dir);
            report.ShouldContain("MLNet.Backprop resolvable: False");
            report.ShouldContain("MLNet.Backprop loaded: False");

            var expected = model.Transform(task.Test);
            var loaded = ml.Data.LoadFromBinary(Path.Combine(dir, "scored.idv"));
            var (score, bitIdentical) = Compare(Columns.Floats(loaded, "Score"), Columns.Floats(expected, "Score"));
            string line = $"ml.Model.Save → fresh-process ml.Model.Load | {taskName} | max |Δ Score| {score:E2} ({bitIdentical:P1} bit-identical)";
            // ONNX Runtime's matrix product and activations round differently from the library's: 1e-6 absolute, relative
            // beyond 1 (a regression score of 12.47 sits 3 float steps = 2.9e-6 from the library's in one measured row).
            AssertClose(Columns.Floats(loaded, "Score"), Columns.Floats(expected, "Score"));
            if (taskName == "binary")
            {
                var (probability, _) = Compare(Columns.Floats(loaded, "Probability"), Columns.Floats(expected, "Probability"));
                line += $" | max |Δ Probability| {probability:E2}";
                probability.ShouldBeLessThanOrEqualTo(1e-6);
            }
            if (taskName != "regression")
                Columns.Floats(loaded, "PredictedLabel").ShouldBe(Columns.Floats(expected, "PredictedLabel"), "predicted labels");
            if (taskName == "multiclass")
            {
                var named = ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel").Fit(expected).Transform(expected);
                Columns.Strings(loaded, "PredictedClass").ShouldBe(Columns.Strings(named, "PredictedClass"));
            }
            var metrics = Numbers(report.Single(l => l.StartsWith("metrics: ", StringComparison.Ordinal)));
            var reference = Numbers(Metrics(ml, taskName, task.Label, expected));
            for (int i = 0; i < reference.Length; i++) metrics[i].ShouldBe(reference[i], 1e-6);
            // The PredictionEngine of the loaded model, on the first 20 raw rows: the first number is the score (binary,
            // regression) or, after the class name, the first class probability.
            var engine = EngineLines(report).Select(l => Numbers(taskName == "multiclass" ? l[(l.IndexOf(' ', 8) + 1)..] : l)[0]).ToArray();
            var first = taskName == "multiclass"
                ? Columns.Floats(expected, "Score").Where((_, i) => i % 3 == 0).Take(20).ToArray()
                : Columns.Floats(expected, "Score").Take(20).ToArray();
            AssertClose([.. engine.Select(x => (float)x)], first);
            output.WriteLine(line + " | metrics within 1e-6");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static double[] Numbers(string line) =>
        [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : double.NaN).Where(x => !double.IsNaN(x))];

    private static string[] EngineLines(string[] report) => [.. report.Where(l => l.StartsWith("engine: ", StringComparison.Ordinal))];

    private static string Metrics(MLContext ml, string task, string label, IDataView scored)
    {
        string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        return task switch
        {
            "binary" => ml.BinaryClassification.Evaluate(scored, label) is var b ? $"metrics: {F(b.AreaUnderRocCurve)} {F(b.Accuracy)} {F(b.LogLoss)}" : "",
            "multiclass" => ml.MulticlassClassification.Evaluate(scored, label) is var m ? $"metrics: {F(m.MicroAccuracy)} {F(m.MacroAccuracy)} {F(m.LogLoss)}" : "",
            _ => ml.Regression.Evaluate(scored, label) is var r ? $"metrics: {F(r.RootMeanSquaredError)} {F(r.RSquared)}" : "",
        };
    }

    internal static void AssertClose(float[] actual, float[] expected)
    {
        actual.Length.ShouldBe(expected.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            double tolerance = 1e-6 * Math.Max(1, Math.Abs(expected[i]));
            Math.Abs((double)actual[i] - expected[i]).ShouldBeLessThanOrEqualTo(tolerance, $"row value {i}: {actual[i]} vs {expected[i]}");
        }
    }

    internal static (double MaxAbs, double BitIdentical) Compare(float[] actual, float[] expected)
    {
        int same = actual.Zip(expected).Count(p => BitConverter.SingleToInt32Bits(p.First) == BitConverter.SingleToInt32Bits(p.Second));
        return (Columns.MaxAbsDifference(actual, expected), (double)same / expected.Length);
    }
}
