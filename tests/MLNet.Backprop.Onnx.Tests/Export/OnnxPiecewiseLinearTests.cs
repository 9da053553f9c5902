using Microsoft.ML;
using MLNet.Backprop.Onnx.Saving;
using MLNet.Backprop.Onnx.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>A model with <see cref="NumericEncoding.PiecewiseLinear"/> exports its encoding as standard operators
/// (Gather, Sub, Div, Clip, MatMul) and ONNX Runtime gives the library's scores, on test values beyond the training range
/// too; the checks every encoding shares are in <see cref="OnnxNumericEncodingTests"/>.</summary>
public class OnnxPiecewiseLinearTests
{
    [Theory]
    [InlineData("regression", NumericBinning.Quantile)]
    [InlineData("binary", NumericBinning.Quantile)]
    [InlineData("regression", NumericBinning.Supervised)]
    [InlineData("binary", NumericBinning.Supervised)]
    public void ConvertToOnnxBackprop_PiecewiseLinear_OnnxRuntimeMatchesTheLibrary(string task, NumericBinning binning)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(OnnxNumericEncodingTests.Rows("PiecewiseLinear", 500, 1));
        var test = ml.Data.LoadFromEnumerable(OnnxNumericEncodingTests.Rows("PiecewiseLinear", 300, 2, spread: 1.5f));
        var model = OnnxNumericEncodingTests.Fit(ml, train, task, binning == NumericBinning.Supervised ? "PiecewiseLinear+Supervised" : "PiecewiseLinear");
        var expected = Columns.Floats(model.Transform(test), "Score");

        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());
        var actual = runner.Floats(runner.Run(test), "Score");

        actual.Length.ShouldBe(expected.Length);
        Columns.MaxAbsDifference(actual, expected).ShouldBeLessThanOrEqualTo(1e-5);
        expected.Distinct().Count().ShouldBeGreaterThan(50); // a real function of the rows, not a constant
        var ops = MLNet.Backprop.Onnx.Proto.ModelProto.Parser.ParseFrom(bytes.ToArray()).Graph.Node.Select(n => n.OpType).ToHashSet();
        ops.ShouldContain("Clip");
        ops.ShouldContain("Div");
    }
}
