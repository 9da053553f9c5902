using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Onnx.Saving;
using MLNet.Backprop.Onnx.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>A model with <see cref="NumericEncoding.Periodic"/> exports its embeddings as standard operators (Sub, Mul,
/// Sin, Cos, Concat, Transpose, MatMul, Add, Relu): ONNX Runtime gives the library's scores (the features in raw units
/// far from standardised, so the part's stored map is exercised), a non-finite feature scores NaN, and
/// <c>ml.Model.Save</c> reloads in plain ML.NET with the same scores.</summary>
public class OnnxPeriodicTests
{
    // Features in raw units far from standardised, so that the part's stored map is exercised.
    private static List<EncodedFeatureRows.Row> Rows(int count, int seed, float spread = 1f) => EncodedFeatureRows.Rows(count, seed, spread, rawUnits: true);

    private static ITransformer Fit(MLContext ml, IDataView train, string task) =>
        (task == "binary"
            ? (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.Backprop(Options("Positive"))
            : ml.Regression.Trainers.Backprop(Options("Value"))).Fit(train);

    private static BackpropTrainer.Options Options(string label) => new()
    {
        LabelColumnName = label, HiddenLayers = [8], NumberOfEpochs = 8, EnsembleSize = 2, Seed = 3,
        NumericEncoding = NumericEncoding.Periodic, PeriodicFrequencies = 5, PeriodicScale = 0.3f,
    };

    [Theory]
    [InlineData("regression")]
    [InlineData("binary")]
    public void ConvertToOnnxBackprop_Periodic_OnnxRuntimeMatchesTheLibrary(string task)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(500, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(300, 2, spread: 1.5f));
        var model = Fit(ml, train, task);
        var expected = Columns.Floats(model.Transform(test), "Score");

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
    }

    [OnnxCheckerTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConvertToOnnxBackprop_Periodic_PassesOnnxFullCheck(bool scoringOnly)
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
            float.IsNaN(scores[1]).ShouldBeTrue($"feature {bad}"); // Relu alone may turn NaN into 0
            float.IsFinite(scores[0]).ShouldBeTrue();
        }
    }

    [Fact]
    public void ModelSave_Periodic_LoadedByPlainMLNetScoresTheSame()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(500, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(300, 2, spread: 1.5f));
        var model = Fit(ml, train, "regression");
        var expected = Columns.Floats(model.Transform(test), "Score");

        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        zip.Position = 0;
        var actual = Columns.Floats(new MLContext(seed: 2).Model.Load(zip, out _).Transform(test), "Score");

        Columns.MaxAbsDifference(actual, expected).ShouldBeLessThanOrEqualTo(1e-5);
    }
}
