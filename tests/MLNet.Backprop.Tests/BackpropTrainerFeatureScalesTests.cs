using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary><see cref="BackpropTrainer.Options.LearnFeatureScales"/> end to end: the scales train, are folded into the first
/// layer (the model holds a plain dense block and saves as one) and training is bit-identical for any thread count. The
/// modes the scales do not support: <see cref="BackpropTrainerDensePathOptionsTests"/>.</summary>
public class BackpropTrainerFeatureScalesTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 30, Seed = 2, EnsembleSize = 1, LearnFeatureScales = true, StandardizeLabel = true,
            NumericEncoding = NumericEncoding.None, // the scales on the plain dense block (the default Auto would embed the features)
        };
        set?.Invoke(options);
        return options;
    }

    [Fact]
    public void Fit_LearnFeatureScales_ModelHoldsAPlainDenseBlockAndDiffersFromTheUnscaledFit()
    {
        var train = Tabular.Load(Ml, 400, 1);
        var test = Tabular.Load(Ml, 200, 2);

        var scaled = Ml.Regression.Trainers.Backprop(Options()).Fit(train);
        var plain = Ml.Regression.Trainers.Backprop(Options(o => o.LearnFeatureScales = false)).Fit(train);

        scaled.Model.Network.Input.Describe().ShouldHaveSingleItem().ShouldBe(InputPartDescription.Dense(4));
        scaled.Model.Network.ParameterCount.ShouldBe(plain.Model.Network.ParameterCount);
        Scored.Values(scaled, test).ShouldNotBe(Scored.Values(plain, test)); // the scales moved
        double r2Scaled = Ml.Regression.Evaluate(scaled.Transform(test), "Value").RSquared, r2Plain = Ml.Regression.Evaluate(plain.Transform(test), "Value").RSquared;
        // It learns (the mean scores 0), at least about as well as without the scales on these rows and epochs.
        r2Scaled.ShouldBeGreaterThan(0.3);
        r2Scaled.ShouldBeGreaterThan(r2Plain - 0.05);
    }

    [Fact]
    public void SaveBackprop_LearnFeatureScales_ReloadsAndScoresBitIdentical()
    {
        var train = Tabular.Load(Ml, 400, 1);
        var test = Tabular.Load(Ml, 200, 2);
        var model = Ml.Regression.Trainers.Backprop(Options(o => o.EnsembleSize = 2)).Fit(train);

        var loaded = SavedAndLoaded.Reload(Ml, model, train.Schema);

        Scored.Values(loaded, test).ShouldBe(Scored.Values(model, test));
    }

    [Fact]
    public void Fit_AnyThreadCount_BitIdenticalWeights()
    {
        var data = Tabular.Load(Ml, 600, 1);

        ThreadCountFits.ShouldBeBitIdenticalForAnyThreadCount(threads =>
            Ml.Regression.Trainers.Backprop(Options(o => { o.NumberOfThreads = threads; o.HiddenLayers = [64]; o.EnsembleSize = 2; })).Fit(data).Model);
    }
}
