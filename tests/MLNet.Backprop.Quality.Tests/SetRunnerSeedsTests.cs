using System.Globalization;
using System.Text;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Tests;

/// <summary>
/// <c>--seeds</c> repeats exactly what <c>--seed</c> does: on a small synthetic set, each seed's rows of a two-seed run
/// equal a one-seed run's, value for value (the MLP's included, whose weights depend on the MLContext seed).
/// </summary>
public sealed class SetRunnerSeedsTests : IDisposable
{
    private static readonly DataSetInfo Synthetic = new("synthetic", TaskKind.Binary, "synthetic.csv", PositiveClass: "yes");
    private readonly string _directory = Directory.CreateTempSubdirectory("quality-seeds-").FullName;

    public SetRunnerSeedsTests()
    {
        var random = new Random(7);
        var csv = new StringBuilder("x1,x2,colour,label\n");
        for (int i = 0; i < 120; i++)
        {
            double x1 = random.NextDouble(), x2 = random.NextDouble();
            string colour = random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" };
            bool yes = x1 + 0.5 * x2 + (colour == "red" ? 0.3 : 0) + 0.4 * random.NextDouble() > 1.0;
            csv.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{colour},{(yes ? "yes" : "no")}\n");
        }
        File.WriteAllText(Path.Combine(_directory, Synthetic.TrainFile), csv.ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private List<FoldResult> Run(params int[] seeds)
    {
        TrainerEntry[] trainers = [TrainerSelection.Resolve(["linear"], []).Single(), MlpVariant.Parse("tiny:HiddenLayers=8;NumberOfEpochs=5").ToEntry()];
        var runner = new SetRunner(new RunSettings(trainers, Folds: 3, seeds, Center: false, Warmup: true), TextWriter.Null);
        return runner.Run(Synthetic, _directory).Results;
    }

    private static IEnumerable<string> Values(IEnumerable<FoldResult> results) =>
        results.SelectMany(r => r.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{r.Trainer} {r.Seed} {r.Fold} {m.Key} {m.Value:R}")));

    [Fact]
    public void Run_TwoSeeds_EachSeedsRowsEqualItsOneSeedRun()
    {
        var both = Run(0, 1);
        both.Count.ShouldBe(2 * 3 * 2);
        both.ShouldAllBe(r => !r.Failed);
        Values(both.Where(r => r.Seed == 0)).ShouldBe(Values(Run(0)));
        Values(both.Where(r => r.Seed == 1)).ShouldBe(Values(Run(1)));
    }

    [Fact]
    public void Run_TwoSeeds_OtherFoldsOtherValues()
    {
        var both = Run(0, 1);
        var first = both.Where(r => r.Seed == 0).Select(r => r.Metrics[Metric.LogLoss.Key]);
        var second = both.Where(r => r.Seed == 1).Select(r => r.Metrics[Metric.LogLoss.Key]);
        first.ShouldNotBe(second);
    }
}
