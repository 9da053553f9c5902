using Microsoft.ML;
using MLNet.Backprop.Onnx.Tests.TestSupport;
using Xunit.Abstractions;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>The exported whole pipeline, run by ONNX Runtime 1.31.1 on the raw test rows, against the ML.NET pipeline
/// with the library's transformer: every task, every activation.</summary>
public class OnnxRoundTripTests(ITestOutputHelper output)
{
    /// <summary>The issue's bar: ONNX Runtime's scores within 1e-5 of the library's, absolute.</summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<string, Activation> Cases()
    {
        var cases = new TheoryData<string, Activation>();
        foreach (var task in Datasets.Tasks)
            foreach (var activation in Enum.GetValues<Activation>()) cases.Add(task, activation);
        return cases;
    }

    [DataTheory]
    [MemberData(nameof(Cases))]
    public void ConvertToOnnxBackprop_RawTestRows_OnnxRuntimeMatchesPipeline(string taskName, Activation activation)
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, taskName);
        var model = Datasets.Fit(ml, task, activation);
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, task.Train, bytes);

        var expected = model.Transform(task.Test);
        using var runner = new OnnxRunner(bytes.ToArray());
        var actual = runner.Run(task.Test);

        double score = Columns.MaxAbsDifference(runner.Floats(actual, "Score"), Columns.Floats(expected, "Score"));
        if (taskName != "regression") runner.Floats(actual, "PredictedLabel").ShouldBe(Columns.Floats(expected, "PredictedLabel"), "predicted labels");
        double probability = taskName == "binary" ? Columns.MaxAbsDifference(runner.Floats(actual, "Probability"), Columns.Floats(expected, "Probability")) : 0;
        output.WriteLine($"ONNX vs ML.NET | {taskName} | {activation} | rows {Columns.Floats(expected, "Score").Length / (taskName == "multiclass" ? 3 : 1)} | " +
                         $"max |Δ Score| {score:E2} | max |Δ Probability| {probability:E2} | labels identical");
        score.ShouldBeLessThanOrEqualTo(Tolerance);
        probability.ShouldBeLessThanOrEqualTo(Tolerance);
        // The test must be able to fail: a real network, not a constant.
        Columns.Floats(expected, "Score").Distinct().Count().ShouldBeGreaterThan(10);
    }
}
