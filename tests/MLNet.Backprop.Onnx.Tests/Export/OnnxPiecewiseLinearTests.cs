using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Saving;
using MLNet.Backprop.Onnx.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>A model with <see cref="NumericEncoding.PiecewiseLinear"/> exports its encoding as standard operators
/// (Gather, Sub, Div, Clip, MatMul): ONNX Runtime gives the library's scores, on test values beyond the training range
/// too, a non-finite feature scores NaN, and <c>ml.Model.Save</c> reloads in plain ML.NET with the same scores.</summary>
public class OnnxPiecewiseLinearTests
{
    private static List<EncodedFeatureRows.Row> Rows(int count, int seed, float spread = 1f) => EncodedFeatureRows.Rows(count, seed, spread);

    private static ITransformer Fit(MLContext ml, IDataView train, string task, NumericBinning binning = NumericBinning.Quantile) =>
        (task == "binary"
            ? (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.Backprop(Options("Positive", binning))
            : ml.Regression.Trainers.Backprop(Options("Value", binning))).Fit(train);

    // The binning changes only the edges (the same input part, format and export); each test runs with both.
    private static BackpropTrainer.Options Options(string label, NumericBinning binning) => new()
    {
        LabelColumnName = label, HiddenLayers = [8], NumberOfEpochs = 8, EnsembleSize = 2, Seed = 3,
        NumericEncoding = NumericEncoding.PiecewiseLinear, NumericBins = 6, NumericBinning = binning,
    };

    [Theory]
    [InlineData("regression", NumericBinning.Quantile)]
    [InlineData("binary", NumericBinning.Quantile)]
    [InlineData("regression", NumericBinning.Supervised)]
    [InlineData("binary", NumericBinning.Supervised)]
    public void ConvertToOnnxBackprop_PiecewiseLinear_OnnxRuntimeMatchesTheLibrary(string task, NumericBinning binning)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(500, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(300, 2, spread: 1.5f));
        var model = Fit(ml, train, task, binning);
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

    [OnnxCheckerTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConvertToOnnxBackprop_PiecewiseLinear_PassesOnnxFullCheck(bool scoringOnly)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(300, 1));
        var model = Fit(ml, train, "binary");
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes, scoringOnly);

        OnnxChecker.Check(bytes.ToArray()).ShouldBeNull();
        OnnxChecker.Check(RowGraph.Build(((BackpropTransformer)model).Model, "Features")).ShouldBeNull(); // as ml.Model.Save embeds it
    }

    [Fact]
    public void ConvertToOnnxBackprop_NonFiniteFeature_ScoresNaN()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(300, 1));
        var model = Fit(ml, train, "regression");
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());

        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var rows = Rows(3, 4);
            rows[1].Features[0] = bad;
            var scores = runner.Floats(runner.Run(ml.Data.LoadFromEnumerable(rows)), "Score");
            float.IsNaN(scores[1]).ShouldBeTrue($"feature {bad}"); // Clip alone would make it a bound and a finite score
            float.IsFinite(scores[0]).ShouldBeTrue();
        }
    }

    [Theory]
    [InlineData(NumericBinning.Quantile)]
    [InlineData(NumericBinning.Supervised)]
    public void ModelSave_PiecewiseLinear_LoadedByPlainMLNetScoresTheSame(NumericBinning binning)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(500, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(300, 2, spread: 1.5f));
        var model = Fit(ml, train, "regression", binning);
        var expected = Columns.Floats(model.Transform(test), "Score");

        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        zip.Position = 0;
        var actual = Columns.Floats(new MLContext(seed: 2).Model.Load(zip, out _).Transform(test), "Score");

        Columns.MaxAbsDifference(actual, expected).ShouldBeLessThanOrEqualTo(1e-5);
    }
}
