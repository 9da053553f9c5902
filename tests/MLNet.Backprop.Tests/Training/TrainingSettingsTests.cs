using System.Text.Json;
using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>Every network's history, with the settings its training used (the automatic ones resolved), is part of
/// the model and of its file.</summary>
public class TrainingSettingsTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [Fact]
    public void Fit_Defaults_EveryNetworkRecordsTheResolvedAutomaticSettings()
    {
        var model = Ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [8], Seed = 5 })
            .Fit(Tabular.Load(Ml, 600, 1)).Model;

        model.NetworkHistories.Count.ShouldBe(model.Networks.Count);
        model.NetworkHistories.Count.ShouldBe(4);                       // the default ensemble
        model.NetworkHistories[0].ShouldBeSameAs(model.History);
        var settings = model.NetworkHistories.Select(h => h.Settings.ShouldNotBeNull()).ToArray();
        settings[0].Seed.ShouldBe(5);
        settings.Select(s => s.Seed).Distinct().Count().ShouldBe(4);
        foreach (var (s, h) in settings.Zip(model.NetworkHistories))
        {
            s.MaximumEpochs.ShouldBeInRange(20, 100);
            s.EarlyStoppingPatience.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(10);
            s.HoldOutFraction.ShouldBe(0.1f);
            (s.TrainingRows + s.ValidationRows).ShouldBe(600);
            s.ValidationRows.ShouldBeInRange(55, 65);
            s.Initialization.ShouldBe(WeightInitialization.GlorotUniform);   // Auto for the default tanh
            s.StandardizedFeatures.ShouldBeFalse(); // the default stage's robust scaling replaces the standardisation
            h.Epochs.Count.ShouldBeLessThanOrEqualTo(s.MaximumEpochs);
        }
    }

    [Fact]
    public void Fit_SetEpochsNoEnsemble_RecordsTheSetValuesAndNoEarlyStopping()
    {
        var model = Ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options
        {
            HiddenLayers = [8], Seed = 5, NumberOfEpochs = 7, EnsembleSize = 1, Activation = Activation.ReLU,
        }).Fit(Tabular.Load(Ml, 300, 1)).Model;

        var s = model.NetworkHistories.ShouldHaveSingleItem().Settings.ShouldNotBeNull();
        s.MaximumEpochs.ShouldBe(7);
        s.EarlyStoppingPatience.ShouldBeNull();
        s.HoldOutFraction.ShouldBe(0f);
        s.ValidationRows.ShouldBe(0);
        s.TrainingRows.ShouldBe(300);
        s.Initialization.ShouldBe(WeightInitialization.HeNormal);
    }

    [Fact]
    public void SaveBackprop_Ensemble_ReloadedModelKeepsEveryNetworksHistoryAndSettings()
    {
        var train = Tabular.Load(Ml, 400, 2);
        var model = Ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [8], Seed = 5, EnsembleSize = 3 }).Fit(train);
        using var stream = new MemoryStream();
        Ml.Model.SaveBackprop(model, train.Schema, stream);
        stream.Position = 0;

        var loaded = ((BackpropTransformer)((IEnumerable<ITransformer>)Ml.Model.LoadBackprop(stream, out _)).Single()).Model;

        loaded.NetworkHistories.Count.ShouldBe(3);
        for (int n = 0; n < 3; n++)
        {
            var (original, reloaded) = (model.Model.NetworkHistories[n], loaded.NetworkHistories[n]);
            reloaded.Settings.ShouldBe(original.Settings);
            reloaded.BestEpoch.ShouldBe(original.BestEpoch);
            reloaded.Epochs.Select(e => e.ValidationLoss).ShouldBe(original.Epochs.Select(e => e.ValidationLoss));
        }
        loaded.Diagnosis.Findings.Count.ShouldBe(model.Model.Diagnosis.Findings.Count);
    }

    [Fact]
    public void FromJson_HistoryWithSettings_RoundTrips()
    {
        var history = Ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], Seed = 2, EnsembleSize = 1 })
            .Fit(Tabular.Load(Ml, 200, 4)).Model.History;

        TrainingHistory.FromJson(history.ToJson()).Settings.ShouldBe(history.Settings.ShouldNotBeNull());
    }

    [Fact]
    public void FromJson_ImpossibleSettings_ThrowsNamingTheField()
    {
        var history = Ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [4], Seed = 2, EnsembleSize = 1 })
            .Fit(Tabular.Load(Ml, 200, 4)).Model.History;
        string json = history.ToJson().Replace("\"holdOutFraction\": 0.1", "\"holdOutFraction\": 1.5", StringComparison.Ordinal);
        json.ShouldContain("\"holdOutFraction\": 1.5");

        Should.Throw<JsonException>(() => TrainingHistory.FromJson(json)).Message.ShouldContain("HoldOutFraction");
    }
}
