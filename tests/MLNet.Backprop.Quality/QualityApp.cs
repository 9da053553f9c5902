using System.Diagnostics;
using MLNet.Backprop.Quality.CommandLine;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Diagnosis;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Reporting;
using MLNet.Backprop.Quality.Targets;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality;

/// <summary>
/// The benchmark from the command line to the reports: resolve the sets, trainers and data; run each set; write
/// <c>results.md</c> and <c>folds.csv</c>; print the Markdown. Exit code 0 when every fit succeeded, 1 when any failed,
/// 2 for a bad command line or missing data. <c>--targets</c> only reads earlier runs' results (<see cref="TargetsCommand"/>).
/// </summary>
public static class QualityApp
{
    /// <summary>Runs the tool; progress and errors go to <paramref name="err"/>, the Markdown to <paramref name="out"/>.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter @out, TextWriter err)
    {
        QualityOptions options;
        IReadOnlyList<DataSetInfo> sets;
        IReadOnlyList<TrainerEntry> trainers;
        try
        {
            options = ArgumentParser.Parse(args);
            if (options.Help)
            {
                @out.WriteLine(HelpText.Text);
                return 0;
            }
            if (options.TargetCandidate is not null) return TargetsCommand.Run(options, @out, err);
            sets = SetSelection.Resolve(options.Sets, options.Quick);
            trainers = options.Findings ? FindingsCommand.Trainers(options) : TrainerSelection.Resolve(options.Trainers, options.MlpVariants, options.Quick);
        }
        catch (UsageException e)
        {
            err.WriteLine($"error: {e.Message} (--help for usage)");
            return 2;
        }

        var dataDirectory = DataLocator.Find(options.DataDirectory);
        if (dataDirectory is null)
        {
            err.WriteLine(options.DataDirectory is null
                ? $"error: no {DataLocator.RelativePath} found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; pass --data DIR."
                : $"error: --data {options.DataDirectory} does not exist.");
            return 2;
        }
        if (options.Findings) return FindingsCommand.Run(options, sets, trainers, dataDirectory, @out, err);
        return options.Describe ? Describe(sets, dataDirectory, @out, err) : Benchmark(options, sets, trainers, dataDirectory, @out, err);
    }

    private static int Benchmark(QualityOptions options, IReadOnlyList<DataSetInfo> sets, IReadOnlyList<TrainerEntry> trainers,
        string dataDirectory, TextWriter @out, TextWriter err)
    {
        var settings = new RunSettings(trainers, options.EffectiveFolds, options.EffectiveSeeds, options.Center, options.Warmup, options.PerClass);
        IReadOnlyList<TrainerEntry> reusedTrainers = [];
        IReadOnlyList<FoldResult> reusedResults = [];
        string? reusedFrom = null;
        if (options.Reuse is not null)
        {
            try
            {
                reusedFrom = FoldsFile.Resolve(options.Reuse);
                (reusedTrainers, reusedResults) = ReusedTrainers.Select(CsvResultsReader.Parse(File.ReadAllText(reusedFrom), settings.Seeds[0]),
                    trainers, [.. sets.Select(s => s.Name)], settings.Folds, settings.Seeds, reusedFrom);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UsageException or UnauthorizedAccessException)
            {
                err.WriteLine($"error: --reuse {options.Reuse}: {e.Message}");
                return 2;
            }
        }
        IReadOnlyList<TrainerEntry> columns = [.. trainers, .. reusedTrainers];
        string reference;
        try
        {
            reference = PairedDifference.ReferenceOf(columns, options.Reference);
        }
        catch (UsageException e)
        {
            err.WriteLine($"error: {e.Message} (--help for usage)");
            return 2;
        }
        err.WriteLine($"Data: {dataDirectory}; {sets.Count} sets; trainers: {string.Join(", ", trainers.Select(t => t.Key))}; {settings.Folds} folds, "
            + (settings.Seeds.Count == 1 ? $"seed {settings.Seeds[0]}." : $"seeds {SeedList.Format(settings.Seeds)}."));
        var stopwatch = Stopwatch.StartNew();
        var results = new List<FoldResult>();
        var shapes = new Dictionary<string, string>();
        var runner = new SetRunner(settings, err);
        string load;
        using (var monitor = new LoadMonitor(TimeSpan.FromSeconds(5)))
        {
            foreach (var set in sets)
            {
                try
                {
                    var (setResults, shape) = runner.Run(set, dataDirectory);
                    results.AddRange(setResults);
                    shapes[set.Name] = shape;
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
                {
                    // The set itself could not be prepared: every trainer gets an error cell for it.
                    string message = ErrorMessage.Of(e);
                    err.WriteLine($"[{set.Name}] ERROR {message}");
                    results.AddRange(trainers.Select(t => new FoldResult(set.Name, set.Task, t.Key, settings.Seeds[0], "-", new Dictionary<string, double>(), 0, message)));
                }
            }
            load = monitor.Stop();
        }
        stopwatch.Stop();

        int failures = results.Count(r => r.Failed);
        results.AddRange(reusedResults);
        var table = new ResultTable(sets, columns, results);
        var markdown = MarkdownReport.Write(table, shapes,
            new RunInfo(dataDirectory, settings.Folds, settings.Seeds, settings.Center, settings.Warmup, load, stopwatch.Elapsed, reusedFrom), reference);
        Directory.CreateDirectory(options.OutputDirectory);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "results.md"), markdown);
        File.WriteAllText(Path.Combine(options.OutputDirectory, FoldsFile.Name), CsvReport.Write(results));
        @out.Write(markdown);

        err.WriteLine($"Wrote {Path.GetFullPath(options.OutputDirectory)}/results.md and folds.csv in {stopwatch.Elapsed:h\\:mm\\:ss}.");
        if (failures > 0) err.WriteLine($"{failures} fit(s) failed; see the Errors section. Exit code 1.");
        return failures > 0 ? 1 : 0;
    }

    private static int Describe(IReadOnlyList<DataSetInfo> sets, string dataDirectory, TextWriter @out, TextWriter err)
    {
        int status = 0;
        foreach (var set in sets)
        {
            try
            {
                var table = CsvTable.Load(Path.Combine(dataDirectory, set.TrainFile));
                @out.WriteLine(SetDescription.Long(DataSetLayout.Infer(table, set), table.Rows.Count));
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                err.WriteLine($"[{set.Name}] ERROR {ErrorMessage.Of(e)}");
                status = 1;
            }
        }
        return status;
    }
}
