using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>The per-epoch observers must raise exactly what the checks find on the history so far, at the same epoch.</summary>
public class EpochObserverTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observers_RandomHistories_RaiseWhatTheChecksFindAtTheSameEpoch(int layers)
    {
        var context = new DiagnosisContext
        {
            Activations = [.. Enumerable.Repeat(Activation.Sigmoid, layers - 1), Activation.Identity],
            ParameterCounts = [.. Enumerable.Range(0, layers).Select(l => 100 * (l + 1))],
            GradientClipNorm = 1f,
        };
        IObservedCheck[] checks = [new VanishingGradientCheck(), new ExplodingGradientCheck(), new LearningRateTooHighCheck()];
        var raised = new int[checks.Length];
        for (int seed = 0; seed < 300; seed++)
        {
            var observers = checks.Select(c => c.StartObserver()).ToArray();
            var done = new bool[checks.Length];
            var history = new TrainingHistory();
            foreach (var epoch in RandomEpochs(new Random(seed * 7 + layers), layers, 80))
            {
                history.Add(epoch);
                for (int c = 0; c < checks.Length; c++)
                {
                    var observed = observers[c].Observe(history, context).Select(Describe).ToList();
                    if (done[c])
                    {
                        observed.ShouldBeEmpty(); // the monitor drops a kind once raised
                        continue;
                    }
                    var expected = checks[c].Check(history, context, complete: false).Select(Describe).ToList();
                    observed.ShouldBe(expected, $"{checks[c].GetType().Name}, seed {seed}, epoch {epoch.Epoch}");
                    done[c] = observed.Count > 0;
                    if (done[c]) raised[c]++;
                }
            }
        }
        // The histories do trigger every check (the vanishing one needs a hidden layer).
        raised.Skip(layers == 1 ? 1 : 0).ShouldAllBe(count => count > 20);
    }

    private static string Describe(Finding f) =>
        $"{f.Kind}|{f.Layer}|{f.Epoch}|{f.Message}|{f.Advice}|{string.Join(",", f.Evidence.Select(e => $"{e.Key}={e.Value:R}"))}";

    private static List<EpochReport> RandomEpochs(Random random, int layers, int count)
    {
        var epochs = new List<EpochReport>();
        double loss = 1 + random.NextDouble(), norm = 0.1 + random.NextDouble();
        double vanishingOdds = random.NextDouble(), spikeOdds = random.NextDouble() * 0.1, clipOdds = random.NextDouble();
        for (int e = 1; e <= count; e++)
        {
            loss *= random.NextDouble() < 0.3 ? 1.05 + random.NextDouble() * 0.3 : 0.9 + random.NextDouble() * 0.08;
            if (random.NextDouble() < spikeOdds) loss *= 3 + 5 * random.NextDouble();
            norm *= random.NextDouble() < 0.1 ? 10 + 100 * random.NextDouble() : 0.7 + random.NextDouble() * 0.6;
            bool vanishing = random.NextDouble() < vanishingOdds;
            int batches = 1 + random.Next(20);
            epochs.Add(new EpochReport
            {
                Epoch = e,
                TrainingLoss = loss,
                LearningRate = 0.01f,
                GradientNormMean = norm,
                Batches = batches,
                ClippedBatches = random.NextDouble() < clipOdds ? batches : random.Next(batches + 1) / 3,
                Layers = [.. Enumerable.Range(0, layers).Select(l => new LayerStatistics
                {
                    Layer = l,
                    GradientNormMean = l == 0 && vanishing ? norm * 1e-6 : norm,
                })],
            });
        }
        return epochs;
    }
}
