using Microsoft.ML;
using MLNet.Backprop.Onnx.Saving;
using MLNet.Backprop.Onnx.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.Export;

/// <summary>What every numeric encoding's export must do (<see cref="NumericEncoding.PiecewiseLinear"/> with either
/// binning, <see cref="NumericEncoding.Periodic"/>, both side by side (<see cref="NumericEncoding.PiecewiseLinearAndPeriodic"/>),
/// and the stored <see cref="NumericScaling.RobustSmoothClip"/> with and without learned feature scales, and the compositions: RealMLP's robust scaling, periodic embeddings and scales, and
/// the piecewise-linear encoding with scales; and the default, whose automatic stage on these rows is both encodings on 32 supervised bins with the robust scaling and scales, in memory and streamed): pass ONNX's full check, score a non-finite feature NaN, and reload
/// from <c>ml.Model.Save</c> in plain ML.NET with the same scores. Each encoding's own operators are checked beside it
/// (<see cref="OnnxPiecewiseLinearTests"/>, <see cref="OnnxPeriodicTests"/>).</summary>
public class OnnxNumericEncodingTests
{
    public static TheoryData<string> Encodings => new() { "PiecewiseLinear", "PiecewiseLinear+Supervised", "Periodic", "PiecewiseLinearAndPeriodic", "RobustSmoothClip", "RobustSmoothClip+Scales",
        "Periodic+RobustSmoothClip+Scales", "PiecewiseLinear+Scales", "PiecewiseLinearAndPeriodic+RobustSmoothClip+Scales", "Default", "Default+Streaming" };

    public static TheoryData<string, bool> EncodingsAndScoringOnly
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (string encoding in Encodings) { data.Add(encoding, false); data.Add(encoding, true); }
            return data;
        }
    }

    /// <summary>The periodic encoding's rows in raw units far from standardised, so that its stored map is exercised;
    /// the piecewise-linear encoding's as drawn (its edges are on the raw values either way).</summary>
    internal static List<EncodedFeatureRows.Row> Rows(string encoding, int count, int seed, float spread = 1f) =>
        EncodedFeatureRows.Rows(count, seed, spread, rawUnits: encoding.Contains("Periodic", StringComparison.Ordinal) || encoding.Contains("RobustSmoothClip", StringComparison.Ordinal) || encoding.StartsWith("Default", StringComparison.Ordinal));

    internal static ITransformer Fit(MLContext ml, IDataView train, string task, string encoding) =>
        (task == "binary"
            ? (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.Backprop(Options("Positive", encoding))
            : ml.Regression.Trainers.Backprop(Options("Value", encoding))).Fit(train);

    private static BackpropTrainer.Options Options(string label, string encoding)
    {
        var options = new BackpropTrainer.Options { LabelColumnName = label, HiddenLayers = [8], NumberOfEpochs = 8, EnsembleSize = 2, Seed = 3 };
        // "Default": the options' automatic input stage as it resolves in memory on these dense rows (both encodings on 32
        // supervised bins, robust scaling, learned scales); every other case names its encoding, None unless it is one.
        // "Default+Streaming": the same stage resolved for streamed rows (its statistics from the counting pass's sample).
        if (encoding == "Default+Streaming") options.DataLoading = DataLoading.Streaming;
        if (encoding.StartsWith("Default", StringComparison.Ordinal)) return options;
        options.NumericEncoding = NumericEncoding.None;
        // The learned scales are folded into the weights behind the encoding or the scaling; the robust scaling is not an
        // encoding but a map stored in the model, exported as its own operators (in front of the embeddings with Periodic).
        options.LearnFeatureScales = encoding.EndsWith("+Scales", StringComparison.Ordinal);
        if (encoding.Contains("RobustSmoothClip", StringComparison.Ordinal)) options.NumericScaling = NumericScaling.RobustSmoothClip;
        if (encoding.StartsWith("Periodic", StringComparison.Ordinal) || encoding.StartsWith("PiecewiseLinearAndPeriodic", StringComparison.Ordinal))
        {
            // Both: the encoding's bins and the embeddings read the same features, each with its own rows of W.
            options.NumericEncoding = encoding.StartsWith("PiecewiseLinearAndPeriodic", StringComparison.Ordinal) ? NumericEncoding.PiecewiseLinearAndPeriodic : NumericEncoding.Periodic;
            options.NumericBins = 6;
            options.PeriodicFrequencies = 5;
            options.PeriodicScale = 0.3f;
        }
        else if (encoding.StartsWith("PiecewiseLinear", StringComparison.Ordinal))
        {
            options.NumericEncoding = NumericEncoding.PiecewiseLinear;
            options.NumericBins = 6;
            // The binning changes only the edges: the same input part, format and export.
            options.NumericBinning = encoding == "PiecewiseLinear+Supervised" ? NumericBinning.Supervised : NumericBinning.Quantile;
        }
        return options;
    }

    [OnnxCheckerTheory]
    [MemberData(nameof(EncodingsAndScoringOnly))]
    public void ConvertToOnnxBackprop_EncodedFeatures_PassesOnnxFullCheck(string encoding, bool scoringOnly)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(encoding, 300, 1));
        var model = Fit(ml, train, "binary", encoding);
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes, scoringOnly);

        OnnxChecker.Check(bytes.ToArray()).ShouldBeNull();
        OnnxChecker.Check(RowGraph.Build(((BackpropTransformer)model).Model, "Features")).ShouldBeNull(); // as ml.Model.Save embeds it
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ConvertToOnnxBackprop_NonFiniteFeature_ScoresNaN(string encoding)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(encoding, 300, 1));
        var model = Fit(ml, train, "regression", encoding);
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());

        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var rows = Rows(encoding, 3, 4);
            rows[1].Features[0] = bad;
            var scores = runner.Floats(runner.Run(ml.Data.LoadFromEnumerable(rows)), "Score");
            // Clip alone would make it a bound and a finite score; Relu alone may turn NaN into 0.
            float.IsNaN(scores[1]).ShouldBeTrue($"feature {bad}");
            float.IsFinite(scores[0]).ShouldBeTrue();
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ModelSave_EncodedFeatures_LoadedByPlainMLNetScoresTheSame(string encoding)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(encoding, 500, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(encoding, 300, 2, spread: 1.5f));
        var model = Fit(ml, train, "regression", encoding);
        var expected = Columns.Floats(model.Transform(test), "Score");

        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        zip.Position = 0;
        var actual = Columns.Floats(new MLContext(seed: 2).Model.Load(zip, out _).Transform(test), "Score");

        Columns.MaxAbsDifference(actual, expected).ShouldBeLessThanOrEqualTo(1e-5);
    }

    [Theory]
    [InlineData("RobustSmoothClip")]
    [InlineData("RobustSmoothClip+Scales")]
    [InlineData("Periodic+RobustSmoothClip")]
    [InlineData("Periodic+RobustSmoothClip+Scales")]
    [InlineData("Default")]
    [InlineData("Default+Streaming")]
    public void ConvertToOnnxBackprop_RobustSmoothClip_OnnxRuntimeScoresAsTheLibrary(string encoding)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(encoding, 400, 1));
        var rows = Rows(encoding, 200, 2, spread: 1.5f);
        rows[0].Features[0] = 1e30f; // far beyond the clip's linear range, and beyond v² in float
        rows[1].Features[1] = -1e30f;
        var test = ml.Data.LoadFromEnumerable(rows);
        var model = Fit(ml, train, "regression", encoding);
        var expected = Columns.Floats(model.Transform(test), "Score");
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());

        var actual = runner.Floats(runner.Run(test), "Score");

        Columns.MaxAbsDifference(actual, expected).ShouldBeLessThanOrEqualTo(1e-5);
        expected.ShouldAllBe(v => float.IsFinite(v));
    }

    /// <summary>The composed stage trained in the micro-batch mode (the mode a cluster runs) is the in-memory model's kind of
    /// network: ONNX Runtime and a model saved with ml.Model.Save and loaded in plain ML.NET score as the library does.</summary>
    [Fact]
    public void ConvertToOnnxBackprop_MicroBatchComposedStage_OnnxRuntimeAndSavedModelScoreAsTheLibrary()
    {
        const string encoding = "PiecewiseLinearAndPeriodic+RobustSmoothClip+Scales";
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(encoding, 400, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(encoding, 200, 2, spread: 1.5f));
        var options = Options("Value", encoding);
        (options.MicroBatchSize, options.BatchSize, options.EnsembleSize, options.NumericBinning) = (8, 32, 1, NumericBinning.Supervised);
        var model = ml.Regression.Trainers.Backprop(options).Fit(train);
        model.Model.Network.Input.Describe().Select(p => p.Kind).ShouldBe([Network.Inputs.InputKind.PiecewiseLinear, Network.Inputs.InputKind.Periodic]);
        var expected = Columns.Floats(model.Transform(test), "Score");
        using var bytes = new MemoryStream();
        ml.Model.ConvertToOnnxBackprop(model, train, bytes);
        using var runner = new OnnxRunner(bytes.ToArray());
        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        zip.Position = 0;

        Columns.MaxAbsDifference(runner.Floats(runner.Run(test), "Score"), expected).ShouldBeLessThanOrEqualTo(1e-5);
        Columns.MaxAbsDifference(Columns.Floats(new MLContext(seed: 2).Model.Load(zip, out _).Transform(test), "Score"), expected).ShouldBeLessThanOrEqualTo(1e-5);
    }
}
