using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Experiments.Tests;

/// <summary>The sweep's binary log-loss: ML.NET's figure for ordinary probabilities, and a finite one when a confidently
/// wrong test row's probability rounds to exactly 1 (or 0) in float.</summary>
public class SweepLogLossTests
{
    private sealed class Scored
    {
        public bool Label { get; set; }
        public float Probability { get; set; }
    }

    /// <summary>Separable rows (the label is x₀ &gt; 0), x₀ in ±10.</summary>
    private static List<TabularRow> Separable(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = new[] { (float)(random.NextDouble() * 20 - 10), (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble() };
            return new TabularRow { Features = x, Label = x[0] > 0 };
        }).ToList();
    }

    [Fact]
    public void Run_ConfidentlyWrongTestRowWithProbabilityOne_LogLossIsFiniteWithTheProbabilityClamped()
    {
        // Before: ML.NET's binary evaluator took −log₂(1 − 1) for the row and reported LogLoss ∞ as the run's result.
        var ml = new MLContext(0);
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [16], NumberOfEpochs = 200, LearningRate = 0.05f, Calibration = ProbabilityCalibration.None,
            NumericEncoding = NumericEncoding.None, NumericScaling = NumericScaling.Standard,
        };
        var testRows = Separable(100, 5);
        testRows[0].Features = [9.5f, 0.5f, 0.5f, 0.5f];
        testRows[0].Label = false;
        var test = ml.Data.LoadFromEnumerable(testRows);
        var train = ml.Data.LoadFromEnumerable(Separable(400, 4));
        var run = new ExperimentSweep(options).WithLearningRates(0.05f).Run(ml, train, test).Runs[0];

        // The run's model again (its options set the seed and one thread: training is bit-reproducible), scored apart.
        var scored = ml.Data.CreateEnumerable<Scored>(new BackpropTrainer(ml, run.Options).Fit(train).Transform(test), reuseRowObject: false).ToList();
        scored[0].Probability.ShouldBe(1f, "the test needs a row whose probability rounds to exactly 1");
        double expected = scored.Average(r => -Math.Log2(Math.Clamp(r.Label ? r.Probability : 1 - (double)r.Probability, 1e-15, 1 - 1e-15)));
        run.Metric(SweepMetrics.LogLoss).ShouldBe(expected, 1e-12);
        double.IsFinite(expected).ShouldBeTrue();
    }

    [Fact]
    public void Run_OrdinaryProbabilities_LogLossIsMlNetsEvaluators()
    {
        var ml = new MLContext(0);
        var options = new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 5, BatchSize = 32 };
        var (train, test) = (Tabular.Load(ml, 400, 1), Tabular.Load(ml, 200, 2));
        var run = new ExperimentSweep(options).WithLearningRates(0.01f).Run(ml, train, test).Runs[0];
        double mlNet = ml.BinaryClassification.Evaluate(new BackpropTrainer(ml, run.Options).Fit(train).Transform(test)).LogLoss;
        double.IsFinite(mlNet).ShouldBeTrue();
        // Bit for bit: the same sum in the same row order with ML.NET's −log(x, 2) (Math.Log2 differed in the last bits).
        BitConverter.DoubleToInt64Bits(run.Metric(SweepMetrics.LogLoss)).ShouldBe(BitConverter.DoubleToInt64Bits(mlNet));
    }
}
