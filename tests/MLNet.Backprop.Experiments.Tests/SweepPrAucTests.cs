using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Experiments.Tests;

/// <summary>The sweep's PR-AUC when the test rows cannot be told apart: every row gets the same score.</summary>
public class SweepPrAucTests
{
    [Fact]
    public void Run_TestRowsWithIdenticalFeaturesPositivesFirst_PrAucIsThePositiveShareNotOne()
    {
        // Before: ML.NET's PR-AUC walked the tied rows in row order and the run reported a perfect 1.00.
        var ml = new MLContext(0);
        var train = Tabular.Load(ml, 300, 1);
        var same = new[] { 0.3f, -0.2f, 0.5f, 1.1f };
        var testRows = Enumerable.Range(0, 20).Select(i => new TabularRow { Features = [.. same], Label = i < 5 }).ToList();
        var options = new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 3, BatchSize = 32 };

        var run = new ExperimentSweep(options).WithLearningRates(0.01f).Run(ml, train, ml.Data.LoadFromEnumerable(testRows)).Runs[0];

        run.Metric(SweepMetrics.PrAuc).ShouldBe(0.25);
        run.Metric(SweepMetrics.Auc).ShouldBe(0.5);
    }
}
