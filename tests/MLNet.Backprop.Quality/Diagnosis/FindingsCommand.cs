using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Quality.CommandLine;
using MLNet.Backprop.Quality.CrossValidation;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Trainers;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Quality.Diagnosis;

/// <summary>
/// <c>--findings</c>: fits each MLP column once per set, on the training part of the first fold (the fixed split's
/// training file), and lists every finding of its automatic diagnosis, so that false alarms on healthy runs with the
/// defaults can be judged. Writes <c>findings.md</c> (printed too), <c>findings.csv</c> and the curves behind them, <c>findings-epochs.csv</c>; exit code 0, or 1 when a
/// set or fit failed.
/// </summary>
public static class FindingsCommand
{
    /// <summary>The MLP columns of a <c>--findings</c> run: <c>mlp</c> unless <c>--trainers</c> names others.</summary>
    /// <exception cref="UsageException">A named trainer that is not an MLP (it has no diagnosis).</exception>
    public static IReadOnlyList<TrainerEntry> Trainers(QualityOptions options)
    {
        var trainers = TrainerSelection.Resolve(options.Trainers ?? [StandardTrainers.Mlp], options.MlpVariants);
        if (trainers.FirstOrDefault(t => !t.IsMlp || t.Key == TunedMlp.Key) is { } other)
            throw new UsageException($"--findings lists the diagnosis of BackpropTrainer fits; '{other.Key}' has none (use mlp, mlp-embed, mlp-onehot01 or an --mlp variant).");
        return trainers;
    }

    /// <summary>Runs the fits and writes the reports.</summary>
    public static int Run(QualityOptions options, IReadOnlyList<DataSetInfo> sets, IReadOnlyList<TrainerEntry> trainers, string dataDirectory,
        TextWriter @out, TextWriter err)
    {
        int seed = options.EffectiveSeeds[0];
        var runs = new List<DiagnosedRun>();
        foreach (var set in sets)
        {
            try
            {
                var table = CsvTable.Load(Path.Combine(dataDirectory, set.TrainFile));
                var layout = DataSetLayout.Infer(table, set);
                var dataMl = new MLContext(seed);
                var loader = new DataSetLoader(dataMl, layout);
                var train = set.TestFile is null
                    ? SplitPlanner.Folds(dataMl, loader, layout, table, options.EffectiveFolds, seed).First().Train
                    : loader.Load(table);
                foreach (var trainer in trainers)
                {
                    var run = Fit(layout, trainer, train, seed, options.Center);
                    runs.Add(run);
                    err.WriteLine(run.Error is null
                        ? $"[{set.Name}] {trainer.Key}: {run.History!.Epochs.Count} epochs, {run.Diagnosis!.Findings.Count} finding(s)"
                        : $"[{set.Name}] {trainer.Key}: ERROR {run.Error}");
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                err.WriteLine($"[{set.Name}] ERROR {ErrorMessage.Of(e)}");
                runs.AddRange(trainers.Select(t => new DiagnosedRun(set.Name, t.Key, null, null, ErrorMessage.Of(e))));
            }
        }
        string markdown = FindingsReport.Markdown(runs, options.EffectiveFolds, seed);
        Directory.CreateDirectory(options.OutputDirectory);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "findings.md"), markdown);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "findings.csv"), FindingsReport.Csv(runs));
        File.WriteAllText(Path.Combine(options.OutputDirectory, "findings-epochs.csv"), FindingsReport.EpochsCsv(runs));
        @out.Write(markdown);
        err.WriteLine($"Wrote {Path.GetFullPath(options.OutputDirectory)}/findings.md, findings.csv and findings-epochs.csv.");
        return runs.Any(r => r.Error is not null) ? 1 : 0;
    }

    private static DiagnosedRun Fit(DataSetLayout layout, TrainerEntry trainer, IDataView train, int seed, bool center)
    {
        try
        {
            var ml = new MLContext(seed);
            var model = trainer.Featurize(ml, layout, center).Append(trainer.Create(ml, layout.Info.Task)).Fit(train);
            var history = BackpropOf(model).History;
            return new DiagnosedRun(layout.Info.Name, trainer.Key, history, history.Diagnosis, null);
        }
        catch (TrainingDivergedException e)
        {
            // The diverged run's diagnosis is what the user sees: list it.
            return new DiagnosedRun(layout.Info.Name, trainer.Key, e.History, e.Diagnosis, null);
        }
        catch (Exception e)
        {
            return new DiagnosedRun(layout.Info.Name, trainer.Key, null, null, ErrorMessage.Of(e));
        }
    }

    /// <summary>The BackpropModel at the end of a fitted pipeline (a chain, possibly nested).</summary>
    /// <exception cref="InvalidOperationException">The pipeline does not end in a BackpropTransformer.</exception>
    public static BackpropModel BackpropOf(ITransformer model) => model switch
    {
        BackpropTransformer t => t.Model,
        TransformerChain<ITransformer> chain => BackpropOf(chain.LastTransformer),
        IEnumerable<ITransformer> sequence when sequence.LastOrDefault() is { } last => BackpropOf(last),
        _ => throw new InvalidOperationException($"The pipeline ends in {model.GetType().Name}, not a BackpropTransformer."),
    };
}

/// <summary>One diagnosed fit: its history and diagnosis, or the error that stopped it.</summary>
/// <param name="Set">The data set.</param>
/// <param name="Trainer">The MLP column.</param>
/// <param name="History">The training history, null when the fit failed.</param>
/// <param name="Diagnosis">The run's diagnosis (a diverged run's included), null when the fit failed.</param>
/// <param name="Error">The failure, or null.</param>
public sealed record DiagnosedRun(string Set, string Trainer, TrainingHistory? History, TrainingDiagnosis? Diagnosis, string? Error);
