using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Tests.TestSupport;
using Xunit.Abstractions;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>A calibrated model's export: the calibration's Mul and Add (isotonic: the interpolation's nodes) before the
/// link, run by ONNX Runtime against the library's scores.</summary>
public class OnnxCalibrationTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [DataTheory]
    [InlineData("binary", ProbabilityCalibration.PriorCorrection)]
    [InlineData("binary", ProbabilityCalibration.Platt)]
    [InlineData("multiclass", ProbabilityCalibration.PriorCorrection)]
    [InlineData("multiclass", ProbabilityCalibration.Platt)]
    [InlineData("binary", ProbabilityCalibration.Temperature)]
    [InlineData("multiclass", ProbabilityCalibration.Temperature)]
    [InlineData("binary", ProbabilityCalibration.Isotonic)]
    [InlineData("binary", ProbabilityCalibration.EqualPriors)]
    [InlineData("multiclass", ProbabilityCalibration.EqualPriors)]
    public void ConvertToOnnxBackprop_CalibratedModel_OnnxRuntimeMatchesPipeline(string taskName, ProbabilityCalibration calibration)
    {
        var ml = new MLContext(seed: 0);
        var task = Datasets.Load(ml, taskName);
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = task.Label, HiddenLayers = [8], NumberOfEpochs = 6, Seed = 1, NumberOfThreads = 1, EnsembleSize = 2,
            // Balanced weights already train towards equal priors, so EqualPriors would add nothing after them: SquareRoot leaves it an offset to export.
            ClassWeighting = calibration == ProbabilityCalibration.EqualPriors ? ClassWeighting.SquareRoot : ClassWeighting.Balanced,
            Calibration = calibration, ValidationFraction = 0.2f,
        };
        var model = (TransformerChain<ITransformer>)task.Featurizer.Append(task.Trainer(ml, options)).Fit(task.Train);
        var mlp = model.OfType<BackpropTransformer>().Single();
        mlp.Model.Calibration.ShouldBe(calibration);
        mlp.Model.OutputCalibration!.IsIdentity.ShouldBeFalse();
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, task.Train, bytes);

        var expected = model.Transform(task.Test);
        using var runner = new OnnxRunner(bytes.ToArray());
        var actual = runner.Run(task.Test);

        // An isotonic model's Score is the logit of its interpolated probability, log(p / (1 − p)): near p = 1 the float
        // 1 − p magnifies a difference of one rounding in p, so its Score is compared relative to its size (its
        // Probability, what the interpolation computes, absolutely like every other).
        var onnxScores = runner.Floats(actual, "Score");
        var libraryScores = Columns.Floats(expected, "Score");
        double score = calibration == ProbabilityCalibration.Isotonic
            ? onnxScores.Zip(libraryScores, (a, b) => Math.Abs((double)a - b) / Math.Max(1, Math.Abs((double)b))).Max()
            : Columns.MaxAbsDifference(onnxScores, libraryScores);
        runner.Floats(actual, "PredictedLabel").ShouldBe(Columns.Floats(expected, "PredictedLabel"), "predicted labels");
        double probability = taskName == "binary" ? Columns.MaxAbsDifference(runner.Floats(actual, "Probability"), Columns.Floats(expected, "Probability")) : 0;
        output.WriteLine($"ONNX vs ML.NET | {taskName} | {calibration} | max |Δ Score| {score:E2} | max |Δ Probability| {probability:E2}");
        score.ShouldBeLessThanOrEqualTo(Tolerance);
        probability.ShouldBeLessThanOrEqualTo(Tolerance);
    }
}
