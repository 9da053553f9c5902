using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests;

/// <summary>Ensembles: several independently seeded networks averaged in one model, one file.</summary>
public class BackpropTrainerEnsembleTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(int threads = 0) => new()
    {
        HiddenLayers = [8], EnsembleSize = 3, Seed = 5, NumberOfThreads = threads,
    };

    [Fact]
    public void Fit_EnsembleOfThree_ScoresAreTheMeanOfThreeDifferentNetworks()
    {
        var data = Tabular.Load(Ml, 600, 1);
        var model = Ml.BinaryClassification.Trainers.Backprop(Options()).Fit(data);

        model.Model.Networks.Count.ShouldBe(3);
        model.Model.Network.ShouldBeSameAs(model.Model.Networks[0]);
        var first = model.Model.Networks.Select(n => n.Layers[0].Weights.Span[0]).ToArray();
        first.Distinct().Count().ShouldBe(3);

        var rows = Tabular.Rows(600, 1);
        var features = rows.SelectMany(r => r.Features).ToArray();
        var sum = new float[rows.Count];
        foreach (var network in model.Model.Networks)
        {
            var logits = new float[rows.Count];
            network.Predict(features, logits, rows.Count);
            for (int i = 0; i < rows.Count; i++) sum[i] += logits[i];
        }
        // The model's calibration (by default Platt on the pooled hold-outs) maps the mean logit, not each network's.
        var mean = sum.Select(s => s / 3).ToArray();
        model.Model.OutputCalibration?.Apply(mean);
        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        for (int i = 0; i < rows.Count; i++) scores[i].ShouldBe(mean[i], 1e-5f);
    }

    [Fact]
    public void Fit_Ensemble_SavedAndReloadedScoresBitIdentical()
    {
        var train = Tabular.Load(Ml, 400, 2);
        var options = Options();
        options.LabelColumnName = "Value";
        var model = Ml.Regression.Trainers.Backprop(options).Fit(train);
        var test = Tabular.Load(Ml, 200, 3);

        var loaded = SavedAndLoaded.Reload(Ml, model, train.Schema);

        var reloaded = SavedAndLoaded.ModelOf(loaded);
        reloaded.Networks.Count.ShouldBe(3);
        for (int n = 0; n < 3; n++)
            reloaded.Networks[n].Layers[0].Weights.ToArray().ShouldBe(model.Model.Networks[n].Layers[0].Weights.ToArray());
        reloaded.TargetScale.ShouldBe(model.Model.TargetScale);
        loaded.Transform(test).GetColumn<float>("Score").ToArray().ShouldBe(model.Transform(test).GetColumn<float>("Score").ToArray());
    }

    [Fact]
    public void Fit_Ensemble_OneThreadOrTwo_BitIdenticalNetworks()
    {
        var data = Tabular.Load(Ml, 500, 4);
        var one = Ml.BinaryClassification.Trainers.Backprop(Options(threads: 1)).Fit(data).Model;
        var two = Ml.BinaryClassification.Trainers.Backprop(Options(threads: 2)).Fit(data).Model;
        for (int n = 0; n < 3; n++)
            foreach (var (a, b) in one.Networks[n].Layers.Zip(two.Networks[n].Layers))
            {
                a.Weights.ToArray().ShouldBe(b.Weights.ToArray());
                a.Bias.ToArray().ShouldBe(b.Bias.ToArray());
            }
    }

    [Fact]
    public void Fit_Ensemble_HistoryAndProgressAreTheFirstNetworks()
    {
        var reports = new List<EpochReport>();
        var options = Options();
        options.Progress = reports.Add;
        // An input stage without supervised bins (the previous default's), whose first network is then the one
        // EnsembleSize = 1 trains: supervised bins are learnt from the rows no network holds out, which depend on the
        // ensemble's size (EnsembleSize's documentation).
        static void PeriodicStage(BackpropTrainer.Options o) { o.NumericEncoding = NumericEncoding.Periodic; o.NumericScaling = NumericScaling.RobustSmoothClip; o.LearnFeatureScales = true; }
        PeriodicStage(options);
        var model = Ml.BinaryClassification.Trainers.Backprop(options).Fit(Tabular.Load(Ml, 500, 5)).Model;

        reports.Select(r => r.Epoch).ShouldBe(model.History.Epochs.Select(e => e.Epoch));
        reports.Select(r => r.TrainingLoss).ShouldBe(model.History.Epochs.Select(e => e.TrainingLoss));
        var single = Options();
        single.EnsembleSize = 1;
        PeriodicStage(single);
        var alone = Ml.BinaryClassification.Trainers.Backprop(single).Fit(Tabular.Load(Ml, 500, 5)).Model;
        alone.Network.Layers[0].Weights.ToArray().ShouldBe(model.Network.Layers[0].Weights.ToArray()); // network 1 is the run's seed
        alone.History.Epochs.Count.ShouldBe(model.History.Epochs.Count);
    }
}
