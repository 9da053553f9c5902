using System.Diagnostics;
using Microsoft.ML;

namespace Recommendation.Modeling;

/// <summary>Every candidate fitted on the training split and scored on the test split, one after another in one run, each
/// timed fit after an untimed warm-up fit of the same pipeline on a few rows.</summary>
public static class Comparison
{
    /// <summary>One fitted candidate: its model, test RMSE and MAE, and the wall time of its <c>Fit</c>.</summary>
    public sealed record Result(string Name, ITransformer Model, double Rmse, double Mae, TimeSpan FitTime);

    /// <param name="warmups">The same candidates built on a context of their own (by name), each fitted untimed on the
    /// first <see cref="WholeSplitSearch.WarmupRows"/> rows before its timed fit: the first fit of a trainer in a process
    /// pays its JIT compilation (the samples compile fully optimised up front), which is not training time. Their own
    /// context, so that the warm-up draws nothing from <paramref name="ml"/>'s random numbers and each timed model is
    /// the one the same run without warm-ups would fit (SDCA's shuffles, for one, come from there).</param>
    public static IReadOnlyList<Result> Run(MLContext ml, IEnumerable<Candidates.Candidate> candidates, IDataView train, IDataView test,
        Action<string>? progress = null, IEnumerable<Candidates.Candidate>? warmups = null)
    {
        var results = new List<Result>();
        var warmupRows = ml.Data.TakeRows(train, WholeSplitSearch.WarmupRows);
        var warmupPipelines = (warmups ?? []).ToDictionary(c => c.Name, c => c.Pipeline);
        foreach (var candidate in candidates)
        {
            progress?.Invoke($"fitting {candidate.Name}...");
            if (warmupPipelines.TryGetValue(candidate.Name, out var warmup)) warmup.Fit(warmupRows);
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
