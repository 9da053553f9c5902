using System.Diagnostics;
using Microsoft.ML;
using MLNet.Backprop;

namespace Recommendation.Modeling;

/// <summary>
/// The ninth round (`--choose --grid whole`): each configuration's RMSE cross-validated on the training split as before,
/// but its fit time measured as the sample's comparison measures it: a fit on the whole training split, read into
/// memory, after an untimed warm-up fit, beside LightGbm's measured the same way. The earlier rounds timed a fold's fit
/// with the first fit of the process paying the JIT compilation of the whole training loop (the samples compile fully
/// optimised from the start), and scaled the budget from a fold's 44k rows to the split's 66k by a guessed factor;
/// no test rows are read here either.
/// </summary>
public static class WholeSplitSearch
{
    /// <summary>Rows of the warm-up fit that precedes each timed one (enough to run every code path of a fit).</summary>
    public const int WarmupRows = 2_000;

    /// <summary>Timed fits of each pipeline on the whole split; the faster is kept (the same rule for every pipeline: the
    /// other jobs on a shared machine only ever slow a fit down).</summary>
    public const int TimedFits = 2;

    /// <summary>The sample's configuration before this round (the eighth round's choice, two networks) with more networks,
    /// beside the fifth and sixth rounds' choices, the best CV RMSEs the earlier budgets allowed.</summary>
    public static IReadOnlyList<ConfigurationSearch.Configuration> Grid { get; } =
    [
        TimeBudgetSearch.Cheaper("round 8's choice: 2 networks, hidden [16], scalars, batch 256, lr 0.1, ≤ 40 epochs, patience 4", TimeBudgetSearch.Round8Choice),
        TimeBudgetSearch.Cheaper("the same, 3 networks", o => { TimeBudgetSearch.Round8Choice(o); o.EnsembleSize = 3; }),
        TimeBudgetSearch.Cheaper("the same, 4 networks", o => { TimeBudgetSearch.Round8Choice(o); o.EnsembleSize = 4; }),
        TimeBudgetSearch.Cheaper("the same, 5 networks", o => { TimeBudgetSearch.Round8Choice(o); o.EnsembleSize = 5; }),
        TimeBudgetSearch.Cheaper("the same, 6 networks", Round9Choice),
        TimeBudgetSearch.Cheaper("the same, 8 networks", o => { TimeBudgetSearch.Round8Choice(o); o.EnsembleSize = 8; }),
        TimeBudgetSearch.Cheaper("round 6's choice with 6 networks", o => { TimeBudgetSearch.Round6Choice(o); o.EnsembleSize = 6; }),
        TimeBudgetSearch.Cheaper("round 6's choice: 4 networks, scalars, batch 512, lr 0.14, ≤ 60 epochs", TimeBudgetSearch.Round6Choice),
        TimeBudgetSearch.Cheaper("round 5's choice: 4 networks, 16-value tables, batch 256, lr 0.1, ≤ 40 epochs", o => TimeBudgetSearch.Stopped(o, 4, 4)),
    ];

    /// <summary>The ninth round's choice, the sample's configuration (see <see cref="Candidates.EmbeddingOptions"/>), as a
    /// change of <see cref="Candidates.AccurateOptions"/>: the eighth round's with six networks (CV RMSE 1.2007 at 1.6×
    /// LightGbm's fit on the whole training split in a quiet run; eight networks, CV 1.2001, took 2.1×).</summary>
    internal static void Round9Choice(BackpropTrainer.Options options)
    {
        TimeBudgetSearch.Round8Choice(options);
        options.EnsembleSize = 6;
    }

    /// <summary>Cross-validates <paramref name="grid"/> on <paramref name="train"/> (RMSE) and times each configuration's
    /// fit on the whole of <paramref name="train"/>, with LightGbm on the one-hot ids timed the same way first and last.</summary>
    /// <returns>The reference (<see cref="TimeBudgetSearch.ReferenceName"/>, its RMSE cross-validated too) and every
    /// configuration, each with its whole-split fit time as <see cref="ConfigurationSearch.Score.MeanFitTime"/>.</returns>
    public static IReadOnlyList<ConfigurationSearch.Score> Run(MLContext ml, IDataView train, IEnumerable<ConfigurationSearch.Configuration> grid, int folds, int seed,
        Action<string>? progress = null)
    {
        var configurations = grid.ToList();
        var warmup = ml.Data.TakeRows(train, WarmupRows);
        Func<IEstimator<ITransformer>> reference = () => Candidates.OneHotIds(ml).Append(ml.Regression.Trainers.LightGbm());
        TimeSpan first = Time(reference, train, warmup, TimedFits, progress, TimeBudgetSearch.ReferenceName);
        var times = configurations.Select(c => Time(Pipeline(ml, c, seed), train, warmup, TimedFits, progress, c.Name)).ToList();
        TimeSpan last = Time(reference, train, warmup, TimedFits, progress, TimeBudgetSearch.ReferenceName);

        var scores = ConfigurationSearch.RunPipelines(ml, train,
            [(TimeBudgetSearch.ReferenceName, reference), .. configurations.Select(c => (c.Name, Pipeline(ml, c, seed)))], folds, seed, progress);
        return [scores[0] with { MeanFitTime = first < last ? first : last, FoldFitTimes = null },
            .. scores.Skip(1).Select((s, i) => s with { MeanFitTime = times[i], FoldFitTimes = null })];
    }

    /// <summary>The faster of <paramref name="fits"/> fits of a fresh pipeline on <paramref name="train"/>, each after an
    /// untimed fit on <paramref name="warmup"/>.</summary>
    public static TimeSpan Time(Func<IEstimator<ITransformer>> pipeline, IDataView train, IDataView warmup, int fits, Action<string>? progress = null, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fits, 1);
        var fastest = TimeSpan.MaxValue;
        for (int i = 0; i < fits; i++)
        {
            pipeline().Fit(warmup);
            var estimator = pipeline();
            var watch = Stopwatch.StartNew();
            estimator.Fit(train);
            watch.Stop();
            if (watch.Elapsed < fastest) fastest = watch.Elapsed;
            progress?.Invoke($"{name}: whole-split fit {i + 1}/{fits} in {watch.Elapsed.TotalSeconds:F2} s (load {Load()})");
        }
        return fastest;
    }

    private static Func<IEstimator<ITransformer>> Pipeline(MLContext ml, ConfigurationSearch.Configuration configuration, int seed) =>
        () => (configuration.Featurizer ?? Candidates.KeyedIds)(ml).Append(ml.Regression.Trainers.Backprop(configuration.Options(seed)));

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
