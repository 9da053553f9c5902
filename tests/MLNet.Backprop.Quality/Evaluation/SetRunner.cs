using System.Diagnostics;
using Microsoft.ML;
using MLNet.Backprop.Quality.CrossValidation;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Evaluation;

/// <summary>
/// Runs every trainer on every split of one data set: a fresh <c>MLContext(seed)</c> and pipeline (generic featurizer +
/// trainer) per fit, the fit timed, the held-out rows scored. A trainer that throws is recorded as an error and
/// reported at once; the others go on.
/// </summary>
public sealed class SetRunner(RunSettings settings, TextWriter log)
{
    private readonly HashSet<(string Trainer, TaskKind Task)> _warmedUp = [];

    /// <summary>The results of every trainer on every split of <paramref name="info"/>, and the set's shape. A
    /// cross-validated set is run once per seed, each run exactly what a single-seed run of that seed does (its folds,
    /// its MLContext seeds); a fixed split once, with the first seed: its rows do not change with the seed, and a
    /// spread over trainers' seeds alone would pass for the data's noise.</summary>
    /// <exception cref="InvalidDataException">The data cannot be read or does not fit the set's task.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public (List<FoldResult> Results, string Shape) Run(DataSetInfo info, string dataDirectory)
    {
        var table = CsvTable.Load(Path.Combine(dataDirectory, info.TrainFile));
        var layout = DataSetLayout.Infer(table, info);
        var results = new List<FoldResult>();
        if (info.TestFile is { } testFile)
        {
            var test = CsvTable.Load(Path.Combine(dataDirectory, testFile));
            if (!test.Header.SequenceEqual(table.Header)) throw new InvalidDataException($"{info.Name}: {testFile} has other columns than {info.TrainFile}.");
            FoldMetricCheck.Verify(layout, test, fold: null, folds: 1);
            int seed = settings.Seeds[0];
            var dataMl = new MLContext(seed);
            RunSplits(layout, seed, [SplitPlanner.Fixed(dataMl, new DataSetLoader(dataMl, layout), table, test)], results);
            return (results, SetDescription.Short(layout, table.Rows.Count, test.Rows.Count));
        }
        foreach (int seed in settings.Seeds)
        {
            var dataMl = new MLContext(seed);
            RunSplits(layout, seed, SplitPlanner.Folds(dataMl, new DataSetLoader(dataMl, layout), layout, table, settings.Folds, seed), results);
        }
        return (results, SetDescription.Short(layout, table.Rows.Count, null));
    }

    private void RunSplits(DataSetLayout layout, int seed, IEnumerable<DataSplit> splits, List<FoldResult> results)
    {
        foreach (var split in splits)
            foreach (var trainer in settings.Trainers)
            {
                if (settings.Warmup && _warmedUp.Add((trainer.Key, layout.Info.Task))) WarmUp(layout, trainer, split, seed);
                var result = Fit(layout, trainer, split, seed);
                results.Add(result);
                Report(layout.Info, result);
            }
    }

    private FoldResult Fit(DataSetLayout layout, TrainerEntry trainer, DataSplit split, int seed)
    {
        var task = layout.Info.Task;
        var stopwatch = new Stopwatch();
        try
        {
            var ml = new MLContext(seed);
            var pipeline = trainer.Featurize(ml, layout, settings.Center).Append(trainer.Create(ml, task));
            stopwatch.Start();
            var model = pipeline.Fit(split.Train);
            stopwatch.Stop();
            var metrics = PipelineEvaluator.Evaluate(ml, model, split.Test, task);
            if (settings.PerClass && task == TaskKind.Multiclass) PipelineEvaluator.AddPerClass(ml, model, split.Test, layout.Classes, metrics);
            return new FoldResult(layout.Info.Name, task, trainer.Key, seed, split.Label, metrics, stopwatch.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            return new FoldResult(layout.Info.Name, task, trainer.Key, seed, split.Label, new Dictionary<string, double>(),
                stopwatch.Elapsed.TotalSeconds, ErrorMessage.Of(e));
        }
    }

    // One untimed fit on a few hundred rows, so that JIT compilation of the trainer's code for this task does not
    // count in the first timed fold. Its failures are ignored: the timed fits report their own.
    private void WarmUp(DataSetLayout layout, TrainerEntry trainer, DataSplit split, int seed)
    {
        try
        {
            var ml = new MLContext(seed);
            trainer.Featurize(ml, layout, settings.Center).Append(trainer.Create(ml, layout.Info.Task)).Fit(split.WarmupSample);
        }
        catch (Exception)
        {
            // Deliberately ignored (see above).
        }
    }

    private void Report(DataSetInfo info, FoldResult result)
    {
        string where = info.IsFixedSplit ? "test split"
            : settings.Seeds.Count > 1 ? $"seed {result.Seed} fold {result.Fold}/{settings.Folds}" : $"fold {result.Fold}/{settings.Folds}";
        string outcome = result.Failed
            ? $"ERROR {result.Error}"
            : string.Join("  ", result.Metrics.Select(m => $"{m.Key} {m.Value:F4}"));
        log.WriteLine($"[{info.Name}] {where,-10} {result.Trainer,-12} fit {result.FitSeconds,7:F2} s  {outcome}");
    }
}
