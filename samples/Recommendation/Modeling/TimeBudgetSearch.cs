using Microsoft.ML;
using MLNet.Backprop;

namespace Recommendation.Modeling;

/// <summary>
/// The seventh search round (`--choose --grid fast`): the sample's configuration made cheaper (fewer networks, fewer
/// epochs, larger batches, touched-row updates, a narrower network), each cross-validated on the training split beside
/// ML.NET's LightGbm on the same folds, so the fit-time budget (2× LightGbm's) is applied to times measured in one run.
/// </summary>
public static class TimeBudgetSearch
{
    /// <summary>The name of the time reference in <see cref="Run"/>'s scores.</summary>
    public const string ReferenceName = "LightGbm, one-hot ids (the time reference)";

    /// <summary>The fit-time budget: at most this many times LightGbm's mean fit time on the same folds.</summary>
    public const double Budget = 2.0;

    /// <summary>The configurations compared, each the accurate configuration (<see cref="Candidates.AccurateOptions"/>, the sample's before the budget)
    /// changed as named.</summary>
    public static IReadOnlyList<ConfigurationSearch.Configuration> Grid { get; } =
    [
        Cheaper("the accurate configuration (8 networks, batch 64, automatic epochs)", _ => { }),
        Cheaper("4 networks", o => o.EnsembleSize = 4),
        Cheaper("2 networks", o => o.EnsembleSize = 2),
        Cheaper("2 networks, 10 epochs", o => { o.EnsembleSize = 2; o.NumberOfEpochs = 10; }),
        Cheaper("2 networks, hidden [32]", o => { o.EnsembleSize = 2; o.HiddenLayers = [32]; }),
        Cheaper("4 networks, batch 256, lr 0.03, 20 epochs", o => { o.EnsembleSize = 4; o.BatchSize = 256; o.NumberOfEpochs = 20; }),
        Cheaper("4 networks, batch 256, lr 0.1, 20 epochs", o => { o.EnsembleSize = 4; o.BatchSize = 256; o.LearningRate = 0.1f; o.NumberOfEpochs = 20; }),
        Cheaper("4 networks, batch 256, lr 0.1, 20 epochs, touched rows", o => { o.EnsembleSize = 4; o.BatchSize = 256; o.LearningRate = 0.1f; o.NumberOfEpochs = 20; o.SparseUpdates = SparseUpdates.Lazy; }),
        Cheaper("8 networks, batch 512, lr 0.1, 20 epochs", o => { o.BatchSize = 512; o.LearningRate = 0.1f; o.NumberOfEpochs = 20; }),
    ];

    /// <summary>The second time-budgeted round (`--choose --grid faster`): the first round's cheap levers combined (two or
    /// four networks, a narrower network, batch 256 at learning rate 0.1, fewer epochs).</summary>
    public static IReadOnlyList<ConfigurationSearch.Configuration> Faster { get; } =
    [
        Cheaper("2 networks, hidden [32], batch 256, lr 0.1, 20 epochs", o => { o.EnsembleSize = 2; o.HiddenLayers = [32]; Batch256(o, 20); }),
        Cheaper("2 networks, hidden [32], batch 256, lr 0.1, 12 epochs", o => { o.EnsembleSize = 2; o.HiddenLayers = [32]; Batch256(o, 12); }),
        Cheaper("4 networks, hidden [32], batch 256, lr 0.1, 20 epochs", o => { o.EnsembleSize = 4; o.HiddenLayers = [32]; Batch256(o, 20); }),
        Cheaper("4 networks, hidden [16], batch 256, lr 0.1, 20 epochs", o => { o.EnsembleSize = 4; o.HiddenLayers = [16]; Batch256(o, 20); }),
        Cheaper("2 networks, hidden [16]", o => { o.EnsembleSize = 2; o.HiddenLayers = [16]; }),
        Cheaper("2 networks, hidden [32], batch 128, lr 0.06", o => { o.EnsembleSize = 2; o.HiddenLayers = [32]; o.BatchSize = 128; o.LearningRate = 0.06f; }),
    ];

    /// <summary>The third time-budgeted round (`--choose --grid scalars`): a scalar per student, lecturer and
    /// lecturer×service (as the random-intercepts reference has), which shrinks the every-row update from 85k values a step
    /// to 11k, small networks or none, and more epochs at batch 256.</summary>
    public static IReadOnlyList<ConfigurationSearch.Configuration> Scalars { get; } =
    [
        Cheaper("4 networks, hidden [16], batch 256, lr 0.1, 30 epochs", o => { o.EnsembleSize = 4; o.HiddenLayers = [16]; Batch256(o, 30); }),
        Cheaper("4 networks, scalars, hidden [16], batch 256, lr 0.1, 20 epochs", o => { o.EnsembleSize = 4; Scalar(o); o.HiddenLayers = [16]; Batch256(o, 20); }),
        Cheaper("4 networks, scalars, hidden [16], batch 256, lr 0.1, 30 epochs", o => { o.EnsembleSize = 4; Scalar(o); o.HiddenLayers = [16]; Batch256(o, 30); }),
        Cheaper("8 networks, scalars, hidden [16], batch 256, lr 0.1, 20 epochs", o => { Scalar(o); o.HiddenLayers = [16]; Batch256(o, 20); }),
        Cheaper("4 networks, scalars, no hidden layer, batch 256, lr 0.1, 20 epochs", o => { o.EnsembleSize = 4; Scalar(o); o.HiddenLayers = []; Batch256(o, 20); }),
        Cheaper("2 networks, hidden [16], batch 256, lr 0.1, 30 epochs", o => { o.EnsembleSize = 2; o.HiddenLayers = [16]; Batch256(o, 30); }),
    ];

    /// <summary>The fourth time-budgeted round (`--choose --grid schedules`): four networks at batch 256 with the learning
    /// rate annealed (cosine) or fewer epochs, early stopping on a hold-out, and the per-epoch diagnostics off (time only).</summary>
    public static IReadOnlyList<ConfigurationSearch.Configuration> Schedules { get; } =
    [
        Cheaper("4 networks, hidden [16], batch 256, lr 0.1 cosine, 20 epochs", o => { o.EnsembleSize = 4; o.HiddenLayers = [16]; Batch256(o, 20); o.LearningRateSchedule = LearningRateScheduleKind.Cosine; }),
        Cheaper("4 networks, scalars, no hidden layer, batch 256, lr 0.1 cosine, 20 epochs", o => { o.EnsembleSize = 4; Scalar(o); o.HiddenLayers = []; Batch256(o, 20); o.LearningRateSchedule = LearningRateScheduleKind.Cosine; }),
        Cheaper("4 networks, hidden [16], batch 256, lr 0.1, 16 epochs", o => { o.EnsembleSize = 4; o.HiddenLayers = [16]; Batch256(o, 16); }),
        Cheaper("4 networks, hidden [16], batch 256, lr 0.1, ≤ 40 epochs, early stopping (patience 4)", o => { o.EnsembleSize = 4; o.HiddenLayers = [16]; Batch256(o, 40); o.EarlyStoppingPatience = 4; }),
        Cheaper("4 networks, hidden [16], batch 256, lr 0.1, 20 epochs, no diagnostics", o => { o.EnsembleSize = 4; o.HiddenLayers = [16]; Batch256(o, 20); o.RecordDiagnostics = false; }),
    ];

    /// <summary>The fifth and deciding time-budgeted round (`--choose --grid stopping`): early stopping at batch 256 (the
    /// fourth round's best) with fewer or more networks and a shorter patience, beside the earlier rounds' best cheap
    /// configurations, all timed against the same LightGbm fits: the sample's configuration is this round's choice.</summary>
    public static IReadOnlyList<ConfigurationSearch.Configuration> Stopping { get; } =
    [
        Cheaper("4 networks, hidden [16], batch 256, lr 0.1, ≤ 40 epochs, early stopping (patience 4)", o => Stopped(o, 4, 4)),
        Cheaper("2 networks, hidden [16], batch 256, lr 0.1, ≤ 40 epochs, early stopping (patience 4)", o => Stopped(o, 2, 4)),
        Cheaper("4 networks, hidden [16], batch 256, lr 0.1, ≤ 40 epochs, early stopping (patience 2)", o => Stopped(o, 4, 2)),
        Cheaper("8 networks, hidden [16], batch 256, lr 0.1, ≤ 40 epochs, early stopping (patience 4)", o => Stopped(o, 8, 4)),
        Cheaper("4 networks, scalars, hidden [16], batch 256, lr 0.1, ≤ 40 epochs, early stopping (patience 4)", o => { Stopped(o, 4, 4); Scalar(o); }),
        Cheaper("4 networks, hidden [16], batch 256, lr 0.1, 20 epochs", o => { o.EnsembleSize = 4; o.HiddenLayers = [16]; Batch256(o, 20); }),
        Cheaper("2 networks, hidden [32], batch 256, lr 0.1, 20 epochs", o => { o.EnsembleSize = 2; o.HiddenLayers = [32]; Batch256(o, 20); }),
    ];

    /// <summary>The sixth time-budgeted round (`--choose --grid budget`): the fifth round's choice (2.5× LightGbm's fit
    /// time in the sample's run on the whole training split) made cheaper again: scalar tables, batch 512, three networks.</summary>
    public static IReadOnlyList<ConfigurationSearch.Configuration> Budget6 { get; } =
    [
        Cheaper("4 networks, hidden [16], batch 256, lr 0.1, ≤ 40 epochs, early stopping (patience 4) (round 5's choice)", o => Stopped(o, 4, 4)),
        Cheaper("the same, scalars", o => { Stopped(o, 4, 4); Scalar(o); }),
        Cheaper("the same, 3 networks", o => Stopped(o, 3, 4)),
        Cheaper("the same, batch 512, lr 0.14, ≤ 60 epochs", o => { Stopped(o, 4, 4); o.BatchSize = 512; o.LearningRate = 0.14f; o.NumberOfEpochs = 60; }),
        Cheaper("the same, batch 512, lr 0.14, ≤ 60 epochs, scalars (round 6's choice)", o => Round6Choice(o)),
    ];

    /// <summary>The seventh round (`--choose --grid final`): around the sixth round's choice, for a lower CV RMSE at about
    /// its cost (five networks, a patience of 6, L2 2e-3, a 16-value lecturer table, hidden [8]).</summary>
    public static IReadOnlyList<ConfigurationSearch.Configuration> Final { get; } =
    [
        Cheaper("round 6's choice: 4 networks, hidden [16], scalars, batch 512, lr 0.14, ≤ 60 epochs, early stopping (patience 4)", o => Round6Choice(o)),
        Cheaper("the same, 5 networks", o => { Round6Choice(o); o.EnsembleSize = 5; }),
        Cheaper("the same, patience 6", o => { Round6Choice(o); o.EarlyStoppingPatience = 6; }),
        Cheaper("the same, L2 2e-3", o => { Round6Choice(o); o.L2Regularization = 2e-3f; }),
        Cheaper("the same, lecturer table 16 values", o => { Round6Choice(o); o.EmbeddingWidths["LecturerKey"] = 16; }),
        Cheaper("the same, hidden [8]", o => { Round6Choice(o); o.HiddenLayers = [8]; }),
    ];

    /// <summary>The eighth round (`--choose --grid memory`, the folds read into memory as the sample's comparison reads
    /// the training rows): the sixth round's choice with fewer networks, chosen within <see cref="FoldBudget"/>.</summary>
    public static IReadOnlyList<ConfigurationSearch.Configuration> Memory { get; } =
    [
        Cheaper("round 6's choice (4 networks, scalars, batch 512, lr 0.14, ≤ 60 epochs, patience 4)", o => Round6Choice(o)),
        Cheaper("the same, 3 networks", o => { Round6Choice(o); o.EnsembleSize = 3; }),
        Cheaper("the same, 2 networks", o => { Round6Choice(o); o.EnsembleSize = 2; }),
        Cheaper("the same, 2 networks, batch 256, lr 0.1, ≤ 40 epochs (the sample's)", Round8Choice),
    ];

    /// <summary>The budget applied to a fold's fit times in the eighth round: from a fold's 44k rows to all 66k, the MLP's
    /// fit grew about 1.6× and LightGbm's about 1.3× (round 6 against the sample's runs), so 2× on the whole training
    /// split is about 1.6× on a fold.</summary>
    public const double FoldBudget = 1.6;

    /// <summary>The eighth round's choice, the sample's configuration (see <see cref="Candidates.EmbeddingOptions"/>), as a
    /// change of <see cref="Candidates.AccurateOptions"/>: the sixth round's with two networks at batch 256.</summary>
    internal static void Round8Choice(BackpropTrainer.Options options)
    {
        Round6Choice(options);
        options.EnsembleSize = 2;
        Batch256(options, 40);
    }

    /// <summary>The sixth round's choice (the best within 2× LightGbm's fit time on a fold read from the CSV file), as a
    /// change of <see cref="Candidates.AccurateOptions"/>.</summary>
    internal static void Round6Choice(BackpropTrainer.Options options)
    {
        Stopped(options, 4, 4);
        options.BatchSize = 512;
        options.LearningRate = 0.14f;
        options.NumberOfEpochs = 60;
        Scalar(options);
    }

    internal static void Stopped(BackpropTrainer.Options options, int networks, int patience)
    {
        options.EnsembleSize = networks;
        options.HiddenLayers = [16];
        Batch256(options, 40);
        options.EarlyStoppingPatience = patience;
    }

    private static void Scalar(BackpropTrainer.Options options)
    {
        options.EmbeddingWidths["StudentKey"] = 1;
        options.EmbeddingWidths["LecturerKey"] = 1;
        options.EmbeddingWidths["LecturerServiceKey"] = 1;
    }

    private static void Batch256(BackpropTrainer.Options options, int epochs)
    {
        options.BatchSize = 256;
        options.LearningRate = 0.1f;
        options.NumberOfEpochs = epochs;
    }

    /// <summary>Cross-validates <paramref name="grid"/> on <paramref name="train"/>, with LightGbm on the one-hot ids
    /// timed on the same folds first and again last (the machine's load can change in between), each fold's faster fit kept.</summary>
    public static IReadOnlyList<ConfigurationSearch.Score> Run(MLContext ml, IDataView train, IEnumerable<ConfigurationSearch.Configuration> grid, int folds, int seed,
        Action<string>? progress = null)
    {
        (string, Func<IEstimator<ITransformer>>) reference = (ReferenceName, () => Candidates.OneHotIds(ml).Append(ml.Regression.Trainers.LightGbm()));
        var first = ConfigurationSearch.RunPipelines(ml, train, [reference], folds, seed, progress);
        var scores = ConfigurationSearch.Run(ml, train, grid, folds, seed, progress);
        var last = ConfigurationSearch.RunPipelines(ml, train, [reference], folds, seed, progress);
        // Each fold's faster fit: LightGbm's threads suffer far more than the MLP's from the other jobs' load (up to 30× its
        // quiet time here), so the quieter measurement is the stricter budget.
        var fastest = first[0].FoldFitTimes!.Zip(last[0].FoldFitTimes!, (a, b) => a < b ? a : b).ToList();
        var referenceScore = first[0] with { MeanFitTime = fastest.Aggregate(TimeSpan.Zero, (a, b) => a + b) / fastest.Count, FoldFitTimes = fastest };
        return [referenceScore, .. scores];
    }

    /// <summary>The configuration with the lowest mean CV RMSE among those whose mean fit time is within
    /// <paramref name="budget"/> × the reference's (default <see cref="Budget"/>), or null when none is.</summary>
    public static ConfigurationSearch.Score? Choose(IReadOnlyList<ConfigurationSearch.Score> scores, double budget = Budget)
    {
        var reference = scores.Single(s => s.Name == ReferenceName);
        return scores.Where(s => s.Name != ReferenceName && s.MeanFitTime <= reference.MeanFitTime * budget).OrderBy(s => s.MeanRmse).FirstOrDefault();
    }

    /// <summary>The scores as a Markdown table, best mean RMSE first, each fit time also as a multiple of the reference's.</summary>
    public static string Table(IReadOnlyList<ConfigurationSearch.Score> scores)
    {
        var reference = scores.Single(s => s.Name == ReferenceName).MeanFitTime;
        var lines = new List<string> { "| configuration | CV RMSE (mean ± sd) | mean fit time | × LightGbm's |", "|---|---:|---:|---:|" };
        lines.AddRange(scores.OrderBy(s => s.MeanRmse).Select(s =>
            $"| {s.Name} | {s.MeanRmse:F4} ± {s.StandardDeviation:F4} | {s.MeanFitTime.TotalSeconds:F2} s | {s.MeanFitTime / reference:F1} |"));
        return string.Join(Environment.NewLine, lines);
    }

    internal static ConfigurationSearch.Configuration Cheaper(string name, Action<BackpropTrainer.Options> change) =>
        new(name, seed =>
        {
            var options = Candidates.AccurateOptions(seed);
            change(options);
            return options;
        }, Candidates.KeyedLectures);
}
