using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>One model shared by many threads, and several trainings at once, behave exactly like one at a time.</summary>
public class ConcurrencyTests
{
    private static BackpropTrainer.Options Options(int seed) => new() { HiddenLayers = [32, 16], NumberOfEpochs = 5, Seed = seed };

    [Fact]
    public void EightThreads_TransformAndOwnPredictionEngines_SameScoresAsOneThread()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.NormalizeMeanVariance("Features").Append(new BackpropTrainer(ml, Options(1))).Fit(Tabular.Load(ml, 500, 1));
        var rows = Tabular.Rows(300, 2);
        var test = ml.Data.LoadFromEnumerable(rows);
        float[] expected = model.Transform(test).GetColumn<float>("Probability").ToArray();

        var failures = new List<string>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            var batch = model.Transform(test).GetColumn<float>("Probability").ToArray();
            using var engine = ml.Model.CreatePredictionEngine<TabularRow, Prediction>(model);
            var single = rows.Select(r => engine.Predict(r).Probability).ToArray();
            lock (failures)
            {
                if (!batch.SequenceEqual(expected)) failures.Add($"thread {thread}: Transform differs");
                if (!single.SequenceEqual(expected)) failures.Add($"thread {thread}: PredictionEngine differs");
            }
        });
        failures.ShouldBeEmpty();
    }

    [Fact]
    public void TwoTrainingsAtOnce_SameWeightsAsOneAfterTheOther()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.Cache(Tabular.Load(ml, 2000, 3));
        float[][] Weights(BackpropTransformer t) => t.Model.Network.Parameters.Select(p => p.Values).ToArray();

        var sequentialA = Weights(new BackpropTrainer(ml, Options(1)).Fit(data));
        var sequentialB = Weights(new BackpropTrainer(ml, Options(2)).Fit(data));
        BackpropTransformer? a = null, b = null;
        Parallel.Invoke(() => a = new BackpropTrainer(ml, Options(1)).Fit(data), () => b = new BackpropTrainer(ml, Options(2)).Fit(data));

        Weights(a!).ShouldBe(sequentialA);
        Weights(b!).ShouldBe(sequentialB);
    }

    public sealed class Prediction
    {
        public float Probability { get; set; }
    }
}
