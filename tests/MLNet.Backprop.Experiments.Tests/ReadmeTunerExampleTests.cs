using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Experiments.Tests;

/// <summary>The README's tuner example, kept compiling and true (smaller: fewer rows and trials).</summary>
public class ReadmeTunerExampleTests
{
    [Fact]
    public void TunerExample_RunsAndTrainsTheBestOptions()
    {
        var ml = new MLContext(seed: 0);
        var featurizedTrain = Tabular.Load(ml, 300, 1);
        var console = new StringWriter();
        // ---- README: "Tuning: BackpropTuner" (NumberOfTrials 16 → 3) ----
        var tuner = new BackpropTuner { NumberOfTrials = 3, Seed = 0 };
        tuner.Space.HiddenLayers = [[32], [64, 32], [128, 64]];
        TuningResult result = tuner.Tune(ml, featurizedTrain);
        console.Write(result.ToTable());
        var tuned = new BackpropTrainer(ml, result.BestOptions).Fit(featurizedTrain);
        // ---- end ----
        console.ToString().ShouldContain("best");
        result.Trials.Count.ShouldBe(3);
        result.Trials.Skip(1).ShouldAllBe(t => new[] { "32", "64x32", "128x64" }.Contains(t.Settings["HiddenLayers"]));
        tuned.Model.Network.Layers[0].OutputSize.ShouldBe(result.BestOptions.HiddenLayers[0]);
        result.Best.Score.ShouldBeGreaterThan(0.9);
    }
}
