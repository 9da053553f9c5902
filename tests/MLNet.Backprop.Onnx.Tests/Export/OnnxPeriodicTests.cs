using Microsoft.ML;
using MLNet.Backprop.Onnx.Saving;
using MLNet.Backprop.Onnx.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>A model with <see cref="NumericEncoding.Periodic"/> exports its embeddings as standard operators (Sub, Mul,
/// Sin, Cos, Concat, Transpose, MatMul, Add, Relu) and ONNX Runtime gives the library's scores (the features in raw
/// units far from standardised, so the part's stored map is exercised; the fourth feature, constant in training, passes
/// through: Gather of the embedded slots, the embeddings, Gather of the pass-through slot, Concat); the checks every
/// encoding shares are in <see cref="OnnxNumericEncodingTests"/>.</summary>
public class OnnxPeriodicTests
{
    /// <summary>With PiecewiseLinearAndPeriodic the encoding's part reads the same feature tensor before the embeddings:
    /// the two parts' MatMuls are added.</summary>
    [Theory]
    [InlineData("regression", "Periodic")]
    [InlineData("binary", "Periodic")]
    [InlineData("regression", "PiecewiseLinearAndPeriodic")]
    [InlineData("binary", "PiecewiseLinearAndPeriodic")]
    public void ConvertToOnnxBackprop_Periodic_OnnxRuntimeMatchesTheLibrary(string task, string encoding)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(OnnxNumericEncodingTests.Rows(encoding, 500, 1));
        var test = ml.Data.LoadFromEnumerable(OnnxNumericEncodingTests.Rows(encoding, 300, 2, spread: 1.5f));
        var model = OnnxNumericEncodingTests.Fit(ml, train, task, encoding);
        var expected = Columns.Floats(model.Transform(test), "Score");
        var parts = ((BackpropTransformer)model).Model.Network.Input.Describe();
        parts.Count.ShouldBe(encoding == "Periodic" ? 1 : 2);
        var settings = parts[^1].PeriodicSettings!;
        settings.Embedded.ShouldBe([0, 1, 2]);
        settings.PassThrough.ShouldBe([3]);

        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());
        var actual = runner.Floats(runner.Run(test), "Score");

        actual.Length.ShouldBe(expected.Length);
        Columns.MaxAbsDifference(actual, expected).ShouldBeLessThanOrEqualTo(1e-5);
        expected.Distinct().Count().ShouldBeGreaterThan(50); // a real function of the rows, not a constant
        var ops = MLNet.Backprop.Onnx.Proto.ModelProto.Parser.ParseFrom(bytes.ToArray()).Graph.Node.Select(n => n.OpType).ToHashSet();
        ops.ShouldContain("Sin");
        ops.ShouldContain("Cos");
        ops.ShouldContain("Relu");
        ops.ShouldContain("Gather");
    }

    [Fact]
    public void ConvertToOnnxBackprop_NonFinitePassThroughFeature_ScoresNaN()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(OnnxNumericEncodingTests.Rows("Periodic", 300, 1));
        var model = OnnxNumericEncodingTests.Fit(ml, train, "regression", "Periodic");
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());

        var rows = OnnxNumericEncodingTests.Rows("Periodic", 3, 4);
        rows[1].Features[3] = float.NaN; // the slot that passes through
        var scores = runner.Floats(runner.Run(ml.Data.LoadFromEnumerable(rows)), "Score");

        float.IsNaN(scores[1]).ShouldBeTrue();
        float.IsFinite(scores[0]).ShouldBeTrue();
    }
}
