using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The micro-batch mode through the trainer: what a cluster can train (one network on the rows as given),
/// whatever the in-process defaults, and its hold-out served in place.</summary>
public class BackpropTrainerMicroBatchTests
{
    private static readonly MLContext Ml = new(seed: 0);

    private static BackpropTrainer.Options Options(int threads = 1) => new()
    {
        HiddenLayers = [8], BatchSize = 32, MicroBatchSize = 8, NumberOfEpochs = 3, Seed = 3, NumberOfThreads = threads,
    };

    [Fact]
    public void Fit_MicroBatchModeWithDefaultEnsembleAndStandardisation_OneNetworkOnTheRowsAsGiven()
    {
        var data = Tabular.Load(Ml, 400, 1);
        var model = new BackpropTrainer(Ml, Options()).Fit(data).Model;

        model.Networks.Count.ShouldBe(1);
        (model.TargetOffset, model.TargetScale).ShouldBe((0f, 1f));
        model.History.Epochs.Count.ShouldBe(3);
        model.History.Epochs.ShouldAllBe(e => e.ValidationLoss == null); // no automatic hold-out either
    }

    [Fact]
    public void Fit_MicroBatchModeRegression_LabelNotStandardised()
    {
        var data = Tabular.Load(Ml, 300, 2);
        var options = Options();
        options.LabelColumnName = "Value";
        var model = new BackpropTrainer(Ml, options).Fit(data).Model;
        (model.TargetOffset, model.TargetScale).ShouldBe((0f, 1f));
    }

    [Fact]
    public void Fit_MicroBatchModeWithHoldOut_OneThreadOrTwo_BitIdentical()
    {
        var data = Tabular.Load(Ml, 400, 4);
        int[] Bits(int threads)
        {
            var options = Options(threads);
            options.ValidationFraction = 0.2f;
            var model = new BackpropTrainer(Ml, options).Fit(data).Model;
            model.History.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
            return model.Network.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Bias.ToArray())).Select(BitConverter.SingleToInt32Bits).ToArray();
        }
        Bits(2).ShouldBe(Bits(1));
    }
}
