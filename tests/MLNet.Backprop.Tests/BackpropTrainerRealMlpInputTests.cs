using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>RealMLP's input stage end to end: <see cref="NumericScaling.RobustSmoothClip"/> in front of
/// <see cref="NumericEncoding.Periodic"/>, and <see cref="BackpropTrainer.Options.LearnFeatureScales"/> behind it. The model
/// holds a periodic part with the clip (the scales folded into the first layer), scores raw rows as the network does,
/// saves and reloads bit for bit (ONNX and ml.Model.Save: OnnxNumericEncodingTests), trains bit-identically for any thread count, and its permutation importance is
/// per slot as before. The rows' fourth feature is 0/1: it passes through, clipped like the embedded ones.</summary>
public class BackpropTrainerRealMlpInputTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 8, Seed = 2, EnsembleSize = 1,
            NumericEncoding = NumericEncoding.Periodic, PeriodicFrequencies = 8, PeriodicScale = 0.2f,
            NumericScaling = NumericScaling.RobustSmoothClip, LearnFeatureScales = true,
        };
        set?.Invoke(options);
        return options;
    }

    /// <summary>The generated rows with their features far from standardised and one heavy tail, the fourth made 0/1.</summary>
    private static List<TabularRow> RawRows(int count, ulong seed) => Tabular.Rows(count, seed)
        .Select(r => { r.Features = [40f * r.Features[0] + 500f, MathF.Exp(2f * r.Features[1]), r.Features[2] - 7f, r.Features[3] > 0 ? 1f : 0f]; return r; }).ToList();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fit_RobustPeriodic_ModelHoldsThePeriodicPartWithTheClipAndScoresRawRowsAsTheNetwork(bool learnFeatureScales)
    {
        var train = RawRows(400, 1);
        var test = RawRows(200, 2);
        var model = Ml.Regression.Trainers.Backprop(Options(o => o.LearnFeatureScales = learnFeatureScales)).Fit(Ml.Data.LoadFromEnumerable(train));

        var part = model.Model.Network.Input.Describe().ShouldHaveSingleItem();
        part.Kind.ShouldBe(InputKind.Periodic);
        part.ScalesRows.ShouldBeFalse(); // folded
        part.PeriodicSettings!.Embedded.ShouldBe([0, 1, 2]);
        part.PeriodicSettings.MapsIdentically.ShouldBeTrue(); // no standardisation: the clip replaces it
        var features = train.SelectMany(r => r.Features).ToArray();
        var expected = RobustClip.Compute(features, train.Count, 4);
        part.Clip!.Centers.ToArray().ShouldBe(expected.Centers.ToArray());
        part.Clip.InverseScales.ToArray().ShouldBe(expected.InverseScales.ToArray());
        model.Model.Network.Input.Parameters.Select(p => p.Name).ShouldNotContain("input.scales");

        var raw = test.SelectMany(r => r.Features).ToArray();
        var logits = new float[test.Count];
        model.Model.Network.Predict(raw, logits, test.Count);
        var scores = Scored.Values(model, Ml.Data.LoadFromEnumerable(test));
        for (int r = 0; r < test.Count; r++) scores[r].ShouldBe(logits[r] * model.Model.TargetScale + model.Model.TargetOffset, 1e-5f, $"row {r}");
    }

    [Fact]
    public void Fit_WithAndWithoutScales_Differ()
    {
        var data = Ml.Data.LoadFromEnumerable(RawRows(300, 1));

        var scaled = Scored.Values(Ml.Regression.Trainers.Backprop(Options()).Fit(data), data);
        var plain = Scored.Values(Ml.Regression.Trainers.Backprop(Options(o => o.LearnFeatureScales = false)).Fit(data), data);

        scaled.ShouldNotBe(plain);
    }

    [Fact]
    public void Fit_AnyThreadCount_BitIdenticalWeights()
    {
        var data = Ml.Data.LoadFromEnumerable(RawRows(600, 1));

        ThreadCountFits.ShouldBeBitIdenticalForAnyThreadCount(threads =>
            Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfEpochs = 4; o.NumberOfThreads = threads; o.HiddenLayers = [64]; })).Fit(data).Model);
    }

    [Fact]
    public void SaveBackprop_RobustPeriodic_ReloadsWithTheClipAndScoresBitIdentical()
    {
        var train = Ml.Data.LoadFromEnumerable(RawRows(400, 1));
        var test = Ml.Data.LoadFromEnumerable(RawRows(200, 2));
        var model = Ml.Regression.Trainers.Backprop(Options(o => o.EnsembleSize = 2)).Fit(train);

        var loaded = SavedAndLoaded.Reload(Ml, model, train.Schema);

        var reloaded = SavedAndLoaded.ModelOf(loaded);
        for (int n = 0; n < 2; n++)
            reloaded.Networks[n].Input.Describe()[0].Clip!.Centers.ToArray().ShouldBe(model.Model.Networks[n].Input.Describe()[0].Clip!.Centers.ToArray());
        Scored.Values(loaded, test).ShouldBe(Scored.Values(model, test)); // bit for bit
    }

    [Fact]
    public void Fit_RobustPeriodic_PermutationImportancePerSlotOfTheFeatureVector()
    {
        var data = Ml.Data.LoadFromEnumerable(RawRows(400, 1));
        var model = Ml.Regression.Trainers.Backprop(Options(o => o.NumberOfEpochs = 20)).Fit(data);

        var importance = Ml.PermutationFeatureImportance(model, data, labelColumnName: "Value", permutationCount: 1);

        importance.Select(f => f.Slot).Order().ShouldBe([0, 1, 2, 3]);
    }
}
