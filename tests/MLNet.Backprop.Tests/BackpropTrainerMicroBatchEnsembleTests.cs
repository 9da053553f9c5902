using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests;

/// <summary>The micro-batch mode's ensemble: one network unless <see cref="BackpropTrainer.Options.EnsembleSize"/> is
/// set; set, that many networks trained one after another (each with every thread), each with its member seed and its
/// own row-by-row hold-out as in memory, averaged; the first is the network <c>EnsembleSize = 1</c> trains, bit for bit;
/// every network's epochs are logged, the options' Progress gets the first network's.</summary>
public class BackpropTrainerMicroBatchEnsembleTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? change = null)
    {
        // The plain stage: the default's supervised bins are learnt from the rows no network holds out, which depend on
        // the number of networks (as in memory), so only with another stage is the first network the single one.
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [8], BatchSize = 32, MicroBatchSize = 8, NumberOfEpochs = 4, Seed = 5, NumberOfThreads = 1, ValidationFraction = 0.2f,
            NumericEncoding = NumericEncoding.None,
        };
        change?.Invoke(options);
        return options;
    }

    private static int[] Bits(MLNet.Backprop.Network.NeuralNetwork network) =>
        network.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Bias.ToArray())).Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void Fit_MicroBatchEnsembleSizeUnset_TrainsOneNetwork()
    {
        var model = Ml.BinaryClassification.Trainers.Backprop(Options()).Fit(Tabular.Load(Ml, 300, 1)).Model;

        model.Networks.Count.ShouldBe(1);
    }

    [Fact]
    public void Fit_MicroBatchEnsembleSizeSet_ThatManyNetworksWithDistinctSeedsAndHoldOuts()
    {
        var model = Ml.BinaryClassification.Trainers.Backprop(Options(o => o.EnsembleSize = 3)).Fit(Tabular.Load(Ml, 300, 1)).Model;

        model.Networks.Count.ShouldBe(3);
        model.NetworkHistories.Select(h => h.Settings!.Seed).ShouldBe([5, BackpropTrainer.MemberSeed(5, 1), BackpropTrainer.MemberSeed(5, 2)]);
        model.NetworkHistories.Select(h => h.Settings!.Seed).Distinct().Count().ShouldBe(3);
        model.Networks.Select(n => string.Join(",", Bits(n))).Distinct().Count().ShouldBe(3);
        // Each network holds out its own rows, drawn row by row from its seed: the counts differ (300 rows, a fifth each).
        model.NetworkHistories.Select(h => h.Settings!.ValidationRows).ShouldAllBe(rows => rows > 30 && rows < 90);
        model.NetworkHistories.Select(h => h.Settings!.ValidationRows).Distinct().Count().ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Fit_MicroBatchEnsembleSizeSet_FirstNetworkIsTheOneNetworkFitBitForBit()
    {
        var data = Tabular.Load(Ml, 300, 1);
        var one = Ml.BinaryClassification.Trainers.Backprop(Options(o => o.EnsembleSize = 1)).Fit(data).Model;
        var three = Ml.BinaryClassification.Trainers.Backprop(Options(o => o.EnsembleSize = 3)).Fit(data).Model;

        Bits(three.Networks[0]).ShouldBe(Bits(one.Network));
        three.History.Epochs.Select(e => e.TrainingLoss).ShouldBe(one.History.Epochs.Select(e => e.TrainingLoss));
        Bits(three.Networks[1]).ShouldNotBe(Bits(one.Network));
    }

    [Fact]
    public void Fit_MicroBatchEnsemble_ScoresAreTheMeanOfItsNetworks()
    {
        var data = Tabular.Load(Ml, 300, 2);
        var options = Options(o => { o.EnsembleSize = 2; o.LabelColumnName = "Value"; o.NumericScaling = NumericScaling.Standard; });
        var model = Ml.Regression.Trainers.Backprop(options).Fit(data);

        var rows = Tabular.Rows(300, 2);
        var features = rows.SelectMany(r => r.Features).ToArray();
        var sum = new float[rows.Count];
        foreach (var network in model.Model.Networks)
        {
            var outputs = new float[rows.Count];
            network.Predict(features, outputs, rows.Count);
            for (int i = 0; i < rows.Count; i++) sum[i] += outputs[i];
        }
        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        for (int i = 0; i < rows.Count; i++)
            scores[i].ShouldBe(sum[i] / 2 * model.Model.TargetScale + model.Model.TargetOffset, 1e-4f);
    }

    [Fact]
    public void Fit_MicroBatchEnsemble_BitIdenticalForOneOrTwoThreads()
    {
        var data = Tabular.Load(Ml, 300, 3);
        var one = Ml.BinaryClassification.Trainers.Backprop(Options(o => o.EnsembleSize = 2)).Fit(data).Model;
        var two = Ml.BinaryClassification.Trainers.Backprop(Options(o => { o.EnsembleSize = 2; o.NumberOfThreads = 2; })).Fit(data).Model;

        for (int n = 0; n < 2; n++) Bits(two.Networks[n]).ShouldBe(Bits(one.Networks[n]));
    }

    [Fact]
    public void Fit_MicroBatchEnsemble_EveryNetworksEpochsLoggedAndReportedProgressTheFirsts()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        var progress = new List<EpochReport>();
        var every = new List<(int Network, int Epoch)>();
        var options = Options(o => { o.EnsembleSize = 2; o.Progress = progress.Add; });
        options.EveryNetworkProgress = (network, r) => every.Add((network, r.Epoch));

        var model = ml.BinaryClassification.Trainers.Backprop(options).Fit(Tabular.Load(ml, 300, 1)).Model;

        progress.Select(r => r.Epoch).ShouldBe([1, 2, 3, 4]);
        every.ShouldBe([(0, 1), (0, 2), (0, 3), (0, 4), (1, 1), (1, 2), (1, 3), (1, 4)]);
        model.NetworkHistories.ShouldAllBe(h => h.Epochs.Count == 4);
        messages.Count(m => m.Contains("network 2 of 2, epoch ", StringComparison.Ordinal)).ShouldBe(4);
        messages.ShouldContain(m => m.Contains("(network 2 of 2)") && m.Contains("seed " + BackpropTrainer.MemberSeed(5, 1)));
    }
}
