using System.Diagnostics;
using Microsoft.ML;
using MLNet.Backprop;

namespace Recommendation.Modeling;

/// <summary>
/// `--micro-batch --defaults`: what a user who names the id columns and leaves every other option at its default gets
/// when the same pipeline moves to the micro-batch mode (the mode a cluster runs, bit for bit): the in-memory defaults,
/// the micro-batch defaults, and the micro-batch mode with <c>SparseUpdates = Lazy</c>, which trains there exactly as the
/// automatic choice did before the id-like tables' prior reached that mode (the mode updates every row every step
/// whatever the rule; an explicit rule turns the prior and the narrower widths off). On the fixed test split, or
/// cross-validated on the training split (same folds for every run, so the differences pair).
/// </summary>
public static class MicroBatchDefaults
{
    /// <summary>Rows per micro-batch (the default <c>BatchSize</c> of 64 in two micro-batches).</summary>
    public const int MicroBatchSize = 32;

    /// <summary>The runs: a name and a change to the default options (with the key columns named).</summary>
    public static IReadOnlyList<DefaultRules.Rule> Runs { get; } =
    [
        new("in memory, defaults", _ => { }),
        new("micro-batch, defaults", o => o.MicroBatchSize = MicroBatchSize),
        new("micro-batch, SparseUpdates = Lazy (the mode before the id-table prior)", o => { o.MicroBatchSize = MicroBatchSize; o.SparseUpdates = SparseUpdates.Lazy; }),
    ];

    /// <summary>One run on the fixed split: test RMSE, fit time, epochs trained, the tables' widths and the weights' hash.</summary>
    public sealed record Result(string Name, double Rmse, TimeSpan FitTime, int Epochs, string Widths, string WeightsHash);

    /// <summary>The micro-batch runs again, given a tenth of the training rows as validation data (a split of their own):
    /// before the micro-batch mode had an automatic hold-out, the only way it stopped early; now beside the automatic
    /// hold-out (a tenth too, drawn row by row from the seed).</summary>
    public const string WithValidation = ", a tenth of the training rows as validation data";

    /// <summary>Trains every run on <paramref name="train"/> (read into memory once) and scores it on <paramref name="test"/>;
    /// then the micro-batch runs again <see cref="WithValidation"/>.</summary>
    public static IReadOnlyList<Result> Run(MLContext ml, IDataView train, IDataView test, int seed, Action<string>? progress = null)
    {
        var rows = ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Data.Rating>(train, reuseRowObject: false).ToList());
        var results = Runs.Select(run => Timed(ml, run.Name, () => DefaultRules.KeyedPipeline(ml, run, seed).Fit(rows), test, progress)).ToList();
        var split = ml.Data.TrainTestSplit(rows, testFraction: 0.1, seed: seed);
        var keys = Candidates.KeyedIds(ml).Fit(rows);
        results.AddRange(Runs.Skip(1).Select(run => Timed(ml, run.Name + WithValidation, () =>
            keys.Append(ml.Regression.Trainers.Backprop(DefaultRules.Options(run, seed, DefaultRules.KeyedColumns)).Fit(keys.Transform(split.TrainSet), keys.Transform(split.TestSet))), test, progress)));
        return results;
    }

    /// <summary>Fits one run, scores it on <paramref name="test"/> and reads its first network's epochs, widths and weights.</summary>
    public static Result Timed(MLContext ml, string name, Func<ITransformer> fit, IDataView test, Action<string>? progress)
    {
        var watch = Stopwatch.StartNew();
        var model = fit();
        var time = watch.Elapsed;
        double rmse = ml.Regression.Evaluate(model.Transform(test)).RootMeanSquaredError;
        var mlp = ((IEnumerable<ITransformer>)model).OfType<BackpropTransformer>().Single().Model;
        string widths = string.Join(" + ", mlp.CategoricalColumnNames.Select(c => mlp.Embedding(c).Width));
        progress?.Invoke($"{name}: test RMSE {rmse:F4} in {time.TotalSeconds:F1} s");
        return new Result(name, rmse, time, mlp.History.Epochs.Count, widths, MicroBatchCheck.Hash(mlp));
    }

    /// <summary>Every run cross-validated on <paramref name="train"/>, on the same folds.</summary>
    public static IReadOnlyList<DefaultRules.FoldScores> CrossValidate(MLContext ml, IDataView train, int folds, int seed, Action<string>? progress = null) =>
        DefaultRules.CrossValidate(ml, train, Runs, folds, seed, progress);

    public static string Table(IReadOnlyList<Result> results) =>
        "| run | test RMSE | fit | epochs (network 1) | table widths (student + lecturer + department) | weights (SHA-256) |\n|---|---:|---:|---:|---|---|\n" +
        string.Concat(results.Select(r => $"| {r.Name} | {r.Rmse:F4} | {r.FitTime.TotalSeconds:F1} s | {r.Epochs} | {r.Widths} | {r.WeightsHash} |\n"));

    /// <summary>Mean ± standard error per run, and each run's paired difference from the micro-batch defaults (same folds).</summary>
    public static string Table(IReadOnlyList<DefaultRules.FoldScores> scores) => DefaultRules.Table(scores, Runs[1].Name);
}
