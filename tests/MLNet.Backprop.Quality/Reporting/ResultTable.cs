using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Evaluation;
using MLNet.Backprop.Quality.Trainers;

namespace MLNet.Backprop.Quality.Reporting;

/// <summary>The fold results aggregated per set, trainer and metric, in the run's order of sets and trainers.</summary>
public sealed class ResultTable(IReadOnlyList<DataSetInfo> sets, IReadOnlyList<TrainerEntry> trainers, IReadOnlyList<FoldResult> results)
{
    /// <summary>The sets, in table order.</summary>
    public IReadOnlyList<DataSetInfo> Sets => sets;

    /// <summary>The trainers, in column order.</summary>
    public IReadOnlyList<TrainerEntry> Trainers => trainers;

    /// <summary>Every fold result.</summary>
    public IReadOnlyList<FoldResult> Results => results;

    /// <summary>The aggregate of <paramref name="metric"/> for a set and trainer, over the folds that have it (a
    /// calibration slope is missing where the probabilities separate the fold's rows); NaN when none has it.</summary>
    public Cell Quality(string set, string trainer, Metric metric) =>
        Aggregate(set, trainer, r => r.Metrics.TryGetValue(metric.Key, out var v) ? v : double.NaN, skipMissing: true);

    /// <summary>The mean fit time in seconds of a set and trainer.</summary>
    public Cell FitTime(string set, string trainer) => Aggregate(set, trainer, r => r.FitSeconds);

    /// <summary>The primary-metric mean of a set and trainer, or null if it failed.</summary>
    public double? Primary(DataSetInfo set, string trainer) =>
        Quality(set.Name, trainer, Metric.Primary(set.Task)) is { Ok: true } cell ? cell.Mean : null;

    private Cell Aggregate(string set, string trainer, Func<FoldResult, double> value, bool skipMissing = false)
    {
        var rows = results.Where(r => r.Set == set && r.Trainer == trainer).ToList();
        if (rows.Count == 0) return Cell.Failure("no result");
        if (rows.FirstOrDefault(r => r.Failed) is { } failed) return Cell.Failure(failed.Error!);
        var values = rows.Select(value).ToList();
        if (skipMissing && values.Any(v => !double.IsNaN(v))) values = values.Where(v => !double.IsNaN(v)).ToList();
        return new Cell(Stats.Mean(values), Stats.StandardDeviation(values), values.Count, null);
    }
}
