using System.Diagnostics;
using Microsoft.ML;

namespace Recommendation.Modeling;

/// <summary>Every candidate fitted on the training split and scored on the test split, one after another in one run; each
/// timed fit follows an untimed warm-up fit of the same pipeline on the first <see cref="WholeSplitSearch.WarmupRows"/> rows.</summary>
public static class Comparison
{
    /// <summary>One fitted candidate: its model, test RMSE and MAE, and the wall time of its <c>Fit</c>.</summary>
    public sealed record Result(string Name, ITransformer Model, double Rmse, double Mae, TimeSpan FitTime);

    public static IReadOnlyList<Result> Run(MLContext ml, IEnumerable<Candidates.Candidate> candidates, IDataView train, IDataView test,
        Action<string>? progress = null)
    {
        var results = new List<Result>();
        var warmup = ml.Data.TakeRows(train, WholeSplitSearch.WarmupRows);
        foreach (var candidate in candidates)
        {
            progress?.Invoke($"fitting {candidate.Name}...");
            // An untimed fit on a few rows first, as the quality tool does: the first fit of a trainer in a process pays
            // its JIT compilation (the samples compile fully optimised up front), which is not training time.
            candidate.Pipeline.Fit(warmup);
            var watch = Stopwatch.StartNew();
            var model = candidate.Pipeline.Fit(train);
            watch.Stop();
            var metrics = ml.Regression.Evaluate(model.Transform(test));
            results.Add(new Result(candidate.Name, model, metrics.RootMeanSquaredError, metrics.MeanAbsoluteError, watch.Elapsed));
        }
        return results;
    }

    /// <summary>The results as a Markdown table, best RMSE first.</summary>
    public static string Table(IEnumerable<Result> results)
    {
        var lines = new List<string> { "| model | test RMSE | test MAE | fit time |", "|---|---:|---:|---:|" };
        lines.AddRange(results.OrderBy(r => r.Rmse).Select(r => $"| {r.Name} | {r.Rmse:F4} | {r.Mae:F4} | {r.FitTime.TotalSeconds:F1} s |"));
        return string.Join(Environment.NewLine, lines);
    }
}
