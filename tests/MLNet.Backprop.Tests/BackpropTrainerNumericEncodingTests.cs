using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary><see cref="NumericEncoding.PiecewiseLinear"/> end to end: the bin edges are the training rows' quantiles,
/// scoring encodes with them, the model saves and reloads bit for bit; and, for both encodings, the modes they do not
/// support are refused and sparse-looking rows stay on the dense path (the other modes of PiecewiseLinear:
/// <see cref="BackpropTrainerNumericEncodingModesTests"/>).</summary>
public class BackpropTrainerNumericEncodingTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 30, Seed = 2, EnsembleSize = 1, StandardizeLabel = false,
            NumericEncoding = NumericEncoding.PiecewiseLinear, NumericBins = 8,
        };
        set?.Invoke(options);
        return options;
    }

    private static float[] FeaturesOf(List<TabularRow> rows) => rows.SelectMany(r => r.Features).ToArray();

    [Fact]
    public void Fit_PiecewiseLinear_EdgesAreTheTrainingQuantilesAndScoringEncodesWithThem()
    {
        var trainRows = Tabular.Rows(500, 1);
        var testRows = Tabular.Rows(200, 2);
        var model = Ml.Regression.Trainers.Backprop(Options()).Fit(Ml.Data.LoadFromEnumerable(trainRows));

        var part = model.Model.Network.Input.Describe().ShouldHaveSingleItem();
        part.Kind.ShouldBe(InputKind.PiecewiseLinear);
        var expected = QuantileBins.Compute(FeaturesOf(trainRows), trainRows.Count, 4, 8);
        for (int f = 0; f < 4; f++) part.Bins!.Edges(f).ToArray().ShouldBe(expected.Edges(f).ToArray());
        model.Model.Network.Layers[0].InputSize.ShouldBe(4 * 8); // Gaussian features: every edge distinct

        // Scoring: the test rows encoded with the training edges, through a plain dense network of the same weights.
        var network = model.Model.Network;
        var plain = NeuralNetwork.FromLayers(network.Describe());
        for (int i = 0; i < network.Parameters.Count; i++) network.Parameters[i].Values.CopyTo(plain.Parameters[i].Values, 0);
        var features = FeaturesOf(testRows);
        var encoded = new float[testRows.Count * 32];
        for (int r = 0; r < testRows.Count; r++) expected.Encode(features.AsSpan(r * 4, 4), encoded.AsSpan(r * 32, 32));
        var logits = new float[testRows.Count];
        plain.Predict(encoded, logits, testRows.Count);

        var scores = Scored.Values(model, Ml.Data.LoadFromEnumerable(testRows));
        for (int r = 0; r < scores.Length; r++) scores[r].ShouldBe(logits[r], 1e-5f, $"row {r}");
    }

    [Fact]
    public void Fit_PiecewiseLinear_LearnsTheNonLinearTarget()
    {
        var train = Tabular.Load(Ml, 1500, 1);
        var test = Tabular.Load(Ml, 500, 2);

        var model = Ml.Regression.Trainers.Backprop(Options(o => o.NumberOfEpochs = 40)).Fit(train);

        // Value = sin(2x₀) + x₁² + 0.1·noise: the target's variance is ≈ 2.4, the noise's 0.01.
        Ml.Regression.Evaluate(model.Transform(test), "Value").RSquared.ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void PermutationFeatureImportance_PiecewiseLinear_RanksTheFeaturesTheTargetUses()
    {
        var train = Tabular.Load(Ml, 1000, 1);
        var model = Ml.Regression.Trainers.Backprop(Options()).Fit(train);

        var importance = Ml.PermutationFeatureImportance(model, Tabular.Load(Ml, 400, 3), labelColumnName: "Value");

        // Value = sin(2x₀) + x₁² + noise: one entry per feature (not per bin), x₀ and x₁ ahead of x₂ and x₃.
        importance.Count.ShouldBe(4);
        importance.Take(2).Select(i => i.Slot).ShouldBe([0, 1], ignoreOrder: true);
    }

    [Theory]
    [InlineData(NumericBinning.Quantile)]
    [InlineData(NumericBinning.Supervised)]
    public void SaveBackprop_PiecewiseLinear_ReloadsWithTheEdgesAndScoresBitIdentical(NumericBinning binning)
    {
        var train = Tabular.Load(Ml, 400, 1);
        var test = Tabular.Load(Ml, 200, 2);
        var model = Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfEpochs = 5; o.EnsembleSize = 2; o.NumericBinning = binning; })).Fit(train);

        var loaded = SavedAndLoaded.Reload(Ml, model, train.Schema);

        var reloaded = SavedAndLoaded.ModelOf(loaded);
        reloaded.Networks.Count.ShouldBe(2);
        for (int n = 0; n < 2; n++)
        {
            var bins = reloaded.Networks[n].Input.Describe()[0].Bins!;
            for (int f = 0; f < 4; f++) bins.Edges(f).ToArray().ShouldBe(model.Model.Networks[n].Input.Describe()[0].Bins!.Edges(f).ToArray());
        }
        Scored.Values(loaded, test).ShouldBe(Scored.Values(model, test)); // bit for bit
    }

    [Fact]
    public void Transform_NaNFeature_RefusedAsOnTheDensePath()
    {
        var train = Tabular.Load(Ml, 300, 1);
        var row = Tabular.Rows(1, 5);
        row[0].Features[2] = float.NaN;
        var scored = Ml.Data.LoadFromEnumerable(row);

        var encoded = Ml.Regression.Trainers.Backprop(Options(o => o.NumberOfEpochs = 3)).Fit(train);
        var plain = Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfEpochs = 3; o.NumericEncoding = NumericEncoding.None; })).Fit(train);

        // The scorer checks the features before any input part sees them: the same error, naming the slot.
        var expected = Should.Throw<InvalidDataException>(() => Scored.Values(plain, scored)).Message;
        expected.ShouldContain("NaN in slot 2");
        Should.Throw<InvalidDataException>(() => Scored.Values(encoded, scored)).Message.ShouldBe(expected);
    }

    [Fact]
    public void Fit_EveryFeatureConstant_ThrowsNamingTheEncoding()
    {
        var rows = Tabular.Rows(50, 1).Select(r => { r.Features = [1f, 2f, 3f, 4f]; return r; }).ToList();

        var e = Should.Throw<InvalidOperationException>(() => Ml.Regression.Trainers.Backprop(Options()).Fit(Ml.Data.LoadFromEnumerable(rows)));

        e.Message.ShouldContain("NumericEncoding.PiecewiseLinear");
        e.Message.ShouldContain("constant");
    }

    [Fact]
    public void Fit_SomeFeaturesConstant_TheyGetNoBin()
    {
        var rows = Tabular.Rows(200, 1).Select(r => { r.Features[1] = 7f; return r; }).ToList();

        var model = Ml.Regression.Trainers.Backprop(Options(o => o.NumberOfEpochs = 2)).Fit(Ml.Data.LoadFromEnumerable(rows));

        var bins = model.Model.Network.Input.Describe()[0].Bins!;
        bins.Edges(1).ToArray().ShouldBe([7f]);
        model.Model.Network.Layers[0].InputSize.ShouldBe(3 * 8);
    }

    [Theory]
    [InlineData(NumericEncoding.PiecewiseLinear)]
    [InlineData(NumericEncoding.Periodic)]
    public void Fit_EncodedSparseLookingRows_StayOnTheDensePath(NumericEncoding encoding)
    {
        var data = SparseRows.Load(Ml, rows: 200, slots: 300, perRow: 5, seed: 1); // 1.7% non-zero: automatic sparse without the encoding
        var options = new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, Seed = 1, EnsembleSize = 1, NumericEncoding = encoding };

        var model = Ml.BinaryClassification.Trainers.Backprop(options).Fit(data);

        model.Model.Network.Input.Describe()[0].Kind.ShouldBe(encoding == NumericEncoding.Periodic ? InputKind.Periodic : InputKind.PiecewiseLinear);
    }

    [Theory]
    [InlineData(NumericEncoding.PiecewiseLinear, "SparseInput", "PiecewiseLinear is supported on the dense path only")]
    [InlineData(NumericEncoding.Periodic, "SparseInput", "Periodic is supported on the dense path only")]
    public void Constructor_EncodingInAnUnsupportedMode_ThrowsNamingBothOptions(NumericEncoding encoding, string option, string why)
    {
        var options = Options(o =>
        {
            o.NumericEncoding = encoding;
            if (option == "DataLoading") o.DataLoading = DataLoading.Streaming;
            if (option == "SparseInput") o.SparseInput = true;
        });

        var e = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(Ml, options));

        e.ParamName.ShouldBe("NumericEncoding");
        e.Message.ShouldContain(why);
        e.Message.ShouldContain($"{option} is");
    }

    [Theory]
    [InlineData("DataLoading")]
    [InlineData("MicroBatchSize")]
    public void Constructor_PiecewiseLinearStreamingOrMicroBatch_Accepted(string option)
    {
        Should.NotThrow(() => new BackpropTrainer(Ml, Options(o =>
        {
            if (option == "DataLoading") o.DataLoading = DataLoading.Streaming;
            if (option == "MicroBatchSize") o.MicroBatchSize = 8;
        })));
    }

    [Fact]
    public void Constructor_UnsupportedModeWithoutTheEncoding_Accepted()
    {
        Should.NotThrow(() => new BackpropTrainer(Ml, Options(o => { o.NumericEncoding = NumericEncoding.None; o.DataLoading = DataLoading.Streaming; o.SparseInput = true; })));
    }
}
