using System.Diagnostics;
using Microsoft.ML;
using MLNet.Backprop;

namespace Recommendation.Modeling;

/// <summary>
/// How the sample's MLP configuration was chosen: k-fold cross-validation on the training split only (the test split
/// is never looked at), each candidate scored by its mean validation RMSE and its mean fit time.
/// </summary>
public static class ConfigurationSearch
{
    /// <summary>One configuration's cross-validated score.</summary>
    public sealed record Score(string Name, double MeanRmse, double StandardDeviation, TimeSpan MeanFitTime);

    /// <summary>A named configuration: the trainer's options for a seed.</summary>
    public sealed record Configuration(string Name, Func<int, BackpropTrainer.Options> Options);

    /// <summary>The configurations compared: the defaults, one network instead of four, narrower tables, larger batches
    /// and weight decay, alone and together.</summary>
    public static IReadOnlyList<Configuration> Grid { get; } =
    [
        new("defaults", seed => Candidates.EmbeddingOptions(seed, defaults: true)),
        new("4 networks, widths 16/16/4, L2 1e-3", seed => With(seed, o => { Narrow(o, 16); o.L2Regularization = 1e-3f; })),
        new("4 networks, widths 16/16/4, L2 3e-3", seed => With(seed, o => { Narrow(o, 16); o.L2Regularization = 3e-3f; })),
        new("4 networks, widths 16/16/4, L2 1e-2", seed => With(seed, o => { Narrow(o, 16); o.L2Regularization = 1e-2f; })),
        new("4 networks, widths 16/16/4, L2 3e-2", seed => With(seed, o => { Narrow(o, 16); o.L2Regularization = 3e-2f; })),
        new("4 networks, automatic widths, L2 1e-2", seed => With(seed, o => { o.L2Regularization = 1e-2f; })),
    ];

    private static BackpropTrainer.Options With(int seed, Action<BackpropTrainer.Options> change)
    {
        var options = Candidates.EmbeddingOptions(seed, defaults: true);
        change(options);
        return options;
    }

    private static void Narrow(BackpropTrainer.Options options, int idWidth)
    {
        options.EmbeddingWidths["StudentKey"] = idWidth;
        options.EmbeddingWidths["LecturerKey"] = idWidth;
        options.EmbeddingWidths["DepartmentKey"] = 4;
    }

    /// <summary>Cross-validates every configuration in <paramref name="grid"/> on <paramref name="train"/> with
    /// <paramref name="folds"/> folds (ML.NET's own split, seeded).</summary>
    public static IReadOnlyList<Score> Run(MLContext ml, IDataView train, IEnumerable<Configuration> grid, int folds, int seed, Action<string>? progress = null)
    {
        var splits = ml.Data.CrossValidationSplit(train, folds, seed: seed);
        var scores = new List<Score>();
        foreach (var configuration in grid)
        {
            var rmse = new List<double>();
            var time = TimeSpan.Zero;
            for (int f = 0; f < splits.Count; f++)
            {
                var pipeline = Candidates.KeyedIds(ml).Append(ml.Regression.Trainers.Backprop(configuration.Options(seed)));
                var watch = Stopwatch.StartNew();
                var model = pipeline.Fit(splits[f].TrainSet);
                time += watch.Elapsed;
                rmse.Add(ml.Regression.Evaluate(model.Transform(splits[f].TestSet)).RootMeanSquaredError);
                progress?.Invoke($"{configuration.Name}: fold {f + 1}/{splits.Count} RMSE {rmse[^1]:F4} in {watch.Elapsed.TotalSeconds:F1} s");
            }
            double mean = rmse.Average();
            double sd = Math.Sqrt(rmse.Sum(r => (r - mean) * (r - mean)) / Math.Max(1, rmse.Count - 1));
            scores.Add(new Score(configuration.Name, mean, sd, time / splits.Count));
        }
        return scores;
    }

    /// <summary>The scores as a Markdown table, best mean RMSE first.</summary>
    public static string Table(IEnumerable<Score> scores)
    {
        var lines = new List<string> { "| configuration | CV RMSE (mean ± sd) | mean fit time |", "|---|---:|---:|" };
        lines.AddRange(scores.OrderBy(s => s.MeanRmse).Select(s => $"| {s.Name} | {s.MeanRmse:F4} ± {s.StandardDeviation:F4} | {s.MeanFitTime.TotalSeconds:F1} s |"));
        return string.Join(Environment.NewLine, lines);
    }
}
