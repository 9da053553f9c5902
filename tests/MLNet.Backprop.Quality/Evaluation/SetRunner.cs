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

    /// <summary>The results of every trainer on every split of <paramref name="info"/>, and the set's shape.</summary>
    /// <exception cref="InvalidDataException">The data cannot be read or does not fit the set's task.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public (List<FoldResult> Results, string Shape) Run(DataSetInfo info, string dataDirectory)
    {
        var dataMl = new MLContext(settings.Seed);
        var table = CsvTable.Load(Path.Combine(dataDirectory, info.TrainFile));
        var layout = DataSetLayout.Infer(table, info);
        var loader = new DataSetLoader(dataMl, layout);
        IEnumerable<DataSplit> splits;
        string shape;
        if (info.TestFile is { } testFile)
        {
            var test = CsvTable.Load(Path.Combine(dataDirectory, testFile));
            if (!test.Header.SequenceEqual(table.Header)) throw new InvalidDataException($"{info.Name}: {testFile} has other columns than {info.TrainFile}.");
            splits = [SplitPlanner.Fixed(dataMl, loader, table, test)];
            shape = SetDescription.Short(layout, table.Rows.Count, test.Rows.Count);
        }
        else
        {
            splits = SplitPlanner.Folds(dataMl, loader, layout, table, settings.Folds, settings.Seed);
            shape = SetDescription.Short(layout, table.Rows.Count, null);
        }

        var results = new List<FoldResult>();
        foreach (var split in splits)
            foreach (var trainer in settings.Trainers)
            {
                if (settings.Warmup && _warmedUp.Add((trainer.Key, info.Task))) WarmUp(layout, trainer, split);
                var result = Fit(layout, trainer, split);
                results.Add(result);
                Report(info, settings.Folds, result);
            }
        return (results, shape);
    }

    private FoldResult Fit(DataSetLayout layout, TrainerEntry trainer, DataSplit split)
    {
        var task = layout.Info.Task;
        var stopwatch = new Stopwatch();
        try
        {
            var ml = new MLContext(settings.Seed);
            var pipeline = trainer.Featurize(ml, layout, settings.Center).Append(trainer.Create(ml, task));
            stopwatch.Start();
            var model = pipeline.Fit(split.Train);
            stopwatch.Stop();
            var metrics = PipelineEvaluator.Evaluate(ml, model, split.Test, task);
            if (settings.PerClass && task == TaskKind.Multiclass) PipelineEvaluator.AddPerClass(ml, model, split.Test, layout.Classes, metrics);
            return new FoldResult(layout.Info.Name, task, trainer.Key, split.Label, metrics, stopwatch.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            return new FoldResult(layout.Info.Name, task, trainer.Key, split.Label, new Dictionary<string, double>(),
                stopwatch.Elapsed.TotalSeconds, ErrorMessage.Of(e));
        }
    }

    // One untimed fit on a few hundred rows, so that JIT compilation of the trainer's code for this task does not
    // count in the first timed fold. Its failures are ignored: the timed fits report their own.
    private void WarmUp(DataSetLayout layout, TrainerEntry trainer, DataSplit split)
    {
        try
        {
            var ml = new MLContext(settings.Seed);
            trainer.Featurize(ml, layout, settings.Center).Append(trainer.Create(ml, layout.Info.Task)).Fit(split.WarmupSample);
        }
        catch (Exception)
        {
            // Deliberately ignored (see above).
        }
    }

    private void Report(DataSetInfo info, int folds, FoldResult result)
    {
        string where = info.IsFixedSplit ? "test split" : $"fold {result.Fold}/{folds}";
        string outcome = result.Failed
            ? $"ERROR {result.Error}"
            : string.Join("  ", result.Metrics.Select(m => $"{m.Key} {m.Value:F4}"));
        log.WriteLine($"[{info.Name}] {where,-10} {result.Trainer,-12} fit {result.FitSeconds,7:F2} s  {outcome}");
    }
}
