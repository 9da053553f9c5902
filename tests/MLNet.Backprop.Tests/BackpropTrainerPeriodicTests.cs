using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary><see cref="NumericEncoding.Periodic"/> end to end: the part is trained on the standardised features and keeps
/// the standardisation as its map, Transform and a prediction engine score as the trained network, the model saves and
/// reloads bit for bit, training is bit-identical for any thread count, and the modes it does not support are refused.
/// The rows' fourth feature is 0/1: it passes through (a row of W, its standardisation folded into it), the others are
/// embedded, so every test runs the mixed mask.</summary>
public class BackpropTrainerPeriodicTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 30, Seed = 2, EnsembleSize = 1,
            NumericEncoding = NumericEncoding.Periodic, PeriodicFrequencies = 8, PeriodicScale = 0.2f,
        };
        set?.Invoke(options);
        return options;
    }

    /// <summary>The generated rows with their features moved far from standardised (×40 + 500, ×0.01, −7), the fourth
    /// made 0/1 (its sign).</summary>
    internal static List<TabularRow> RawRows(int count, ulong seed) => Tabular.Rows(count, seed)
        .Select(r => { r.Features = [40f * r.Features[0] + 500f, 0.01f * r.Features[1], r.Features[2] - 7f, r.Features[3] > 0 ? 1f : 0f]; return r; }).ToList();

    [Fact]
    public void Fit_Periodic_LearnsTheNonLinearTarget()
    {
        var model = Ml.Regression.Trainers.Backprop(Options(o => o.NumberOfEpochs = 40)).Fit(Ml.Data.LoadFromEnumerable(RawRows(1500, 1)));

        // Value = sin(2x₀) + x₁² + 0.1·noise: the target's variance is ≈ 2.4, the noise's 0.01.
        Ml.Regression.Evaluate(model.Transform(Ml.Data.LoadFromEnumerable(RawRows(500, 2))), "Value").RSquared.ShouldBeGreaterThan(0.9);
        var part = model.Model.Network.Input.Describe().ShouldHaveSingleItem();
        part.Kind.ShouldBe(InputKind.Periodic);
        part.PeriodicSettings!.Embedded.ShouldBe([0, 1, 2]);
        part.PeriodicSettings.PassThrough.ShouldBe([3]);
        model.Model.Network.Layers[0].InputSize.ShouldBe(3 * Defaults.PeriodicWidth + 1);
    }

    [Fact]
    public void Fit_AllIndicators_ThePlainDenseBlockWithTheDefaultEncodingsWeights()
    {
        // Two one-hot columns' slots: nothing to embed, so the network is the default one, weight for weight.
        var rows = Tabular.Rows(300, 1).Select(r =>
        {
            r.Features = [r.Features[0] > 0 ? 1f : 0f, r.Features[0] > 0 ? 0f : 1f, r.Features[1] > 0 ? 1f : 0f, r.Features[1] > 0 ? 0f : 1f];
            return r;
        }).ToList();
        var data = Ml.Data.LoadFromEnumerable(rows);

        var periodic = Ml.Regression.Trainers.Backprop(Options(o => o.NumberOfEpochs = 3)).Fit(data).Model.Network;
        var plain = Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfEpochs = 3; o.NumericEncoding = NumericEncoding.None; })).Fit(data).Model.Network;

        periodic.Input.Describe().ShouldHaveSingleItem().Kind.ShouldBe(InputKind.Dense);
        periodic.Parameters.Count.ShouldBe(plain.Parameters.Count);
        for (int p = 0; p < plain.Parameters.Count; p++) periodic.Parameters[p].Values.ShouldBe(plain.Parameters[p].Values);
    }

    [Fact]
    public void Fit_Periodic_PermutationImportancePerSlotOfTheFeatureVector()
    {
        var data = Ml.Data.LoadFromEnumerable(RawRows(400, 1));
        var model = Ml.Regression.Trainers.Backprop(Options(o => o.NumberOfEpochs = 20)).Fit(data);

        var importance = Ml.PermutationFeatureImportance(model, data, labelColumnName: "Value", permutationCount: 1);

        importance.Select(f => f.Slot).Order().ShouldBe([0, 1, 2, 3]); // one per slot, embedded or passing through
        // Value = sin(2x₀) + x₁² + noise: the embedded x₁ matters, the 0/1 slot does not.
        importance.Single(f => f.Slot == 1).Decrease.ShouldBeGreaterThan(importance.Single(f => f.Slot == 3).Decrease + 0.1);
    }

    [Fact]
    public void Fit_Periodic_ThePartKeepsTheTrainingStandardisationAndScoresRawRowsAsTheNetwork()
    {
        var train = RawRows(400, 1);
        var test = RawRows(200, 2);
        var model = Ml.Regression.Trainers.Backprop(Options(o => o.NumberOfEpochs = 5)).Fit(Ml.Data.LoadFromEnumerable(train));

        var settings = model.Model.Network.Input.Describe()[0].PeriodicSettings!;
        double mean0 = train.Average(r => (double)r.Features[0]);
        settings.Offsets[0].ShouldBe((float)mean0, 0.01f);
        settings.InverseScales[0].ShouldBe(1 / 40f, 0.003f);
        settings.InverseScales[1].ShouldBe(100f, 10f);

        // Transform and a prediction engine score as the network on the raw rows (no other standardisation anywhere).
        var features = test.SelectMany(r => r.Features).ToArray();
        var logits = new float[test.Count];
        model.Model.Network.Predict(features, logits, test.Count);
        var scores = Scored.Values(model, Ml.Data.LoadFromEnumerable(test));
        var engine = Ml.Model.CreatePredictionEngine<TabularRow, RegressionScore>(model);
        for (int r = 0; r < test.Count; r++)
        {
            scores[r].ShouldBe(logits[r] * model.Model.TargetScale + model.Model.TargetOffset, 1e-5f, $"row {r}");
            engine.Predict(test[r]).Score.ShouldBe(scores[r], $"row {r}");
        }
    }

    public sealed class RegressionScore
    {
        public float Score { get; set; }
    }

    [Fact]
    public void Fit_AnyThreadCount_BitIdenticalWeights()
    {
        var data = Ml.Data.LoadFromEnumerable(RawRows(600, 1));

        ThreadCountFits.ShouldBeBitIdenticalForAnyThreadCount(threads =>
            Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfEpochs = 4; o.NumberOfThreads = threads; o.HiddenLayers = [64]; })).Fit(data).Model);
    }

    [Fact]
    public void Fit_EnsembleSideBySide_SameWeightsEveryTimeAndAsOnOneThread()
    {
        // Four networks trained side by side on two threads: vectorised sin/cos once made the last bits differ between
        // identical fits (the JIT's code for them changed while they ran).
        var data = Ml.Data.LoadFromEnumerable(RawRows(500, 1));
        string Hash(int threads)
        {
            var model = Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfEpochs = 10; o.EnsembleSize = 4; o.NumberOfThreads = threads; })).Fit(data);
            var bytes = model.Model.Networks.SelectMany(n => n.Parameters).SelectMany(p => p.Values).SelectMany(BitConverter.GetBytes).ToArray();
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
        }

        var first = Hash(2);

        for (int i = 0; i < 3; i++) Hash(2).ShouldBe(first, $"fit {i + 2}");
        Hash(1).ShouldBe(first);
    }

    [Fact]
    public void SaveBackprop_Periodic_ReloadsWithTheSettingsAndScoresBitIdentical()
    {
        var train = Ml.Data.LoadFromEnumerable(RawRows(400, 1));
        var test = Ml.Data.LoadFromEnumerable(RawRows(200, 2));
        var model = Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfEpochs = 5; o.EnsembleSize = 2; })).Fit(train);

        var loaded = SavedAndLoaded.Reload(Ml, model, train.Schema);

        var reloaded = SavedAndLoaded.ModelOf(loaded);
        reloaded.Networks.Count.ShouldBe(2);
        for (int n = 0; n < 2; n++)
        {
            var settings = reloaded.Networks[n].Input.Describe()[0].PeriodicSettings!;
            settings.Offsets.ShouldBe(model.Model.Networks[n].Input.Describe()[0].PeriodicSettings!.Offsets);
            settings.Frequencies.ShouldBe(8);
        }
        Scored.Values(loaded, test).ShouldBe(Scored.Values(model, test)); // bit for bit
    }
}
