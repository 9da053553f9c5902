using Microsoft.ML;
using MLNet.Backprop;

namespace Recommendation.Modeling;

/// <summary>
/// `--choose --grid defaults`: the library's defaults on the ids as keys (what a user who only names the id columns
/// gets) beside the defaults before the id-like tables' prior and ML.NET's LightGbm on one-hot ids, cross-validated on
/// the training split on the same folds, with per-fold RMSEs so that the differences can be paired.
/// </summary>
public static class DefaultRules
{
    /// <summary>A rule: a change to <c>new BackpropTrainer.Options()</c> (with the key columns named).</summary>
    public sealed record Rule(string Name, Action<BackpropTrainer.Options> Apply);

    /// <summary>The defaults, and the defaults before the id-like tables' prior (lazy steps on every table, the automatic
    /// widths from the key count alone): <c>SparseUpdates = Lazy</c> trains exactly as the automatic choice did then.</summary>
    public static IReadOnlyList<Rule> Rules { get; } =
    [
        new("defaults", _ => { }),
        new("SparseUpdates = Lazy (the defaults before the id-table prior)", o => o.SparseUpdates = SparseUpdates.Lazy),
    ];

    /// <summary>One pipeline's per-fold RMSEs and fit times.</summary>
    public sealed record FoldScores(string Name, IReadOnlyList<double> Rmse, IReadOnlyList<double> Seconds);

    /// <summary>Cross-validates LightGbm on one-hot ids and every rule on the student and lecturer keys alone (a new user's
    /// pipeline) and on <see cref="Candidates.KeyedIds"/> (student, lecturer, department keys), on the same folds.</summary>
    public static IReadOnlyList<FoldScores> Run(MLContext ml, IDataView train, int folds, int seed, Action<string>? progress = null)
    {
        var pipelines = new List<(string, Func<IEstimator<ITransformer>>)> { ("LightGbm, one-hot ids", () => Candidates.OneHotIds(ml).Append(ml.Regression.Trainers.LightGbm())) };
        pipelines.AddRange(Rules.Select(r => ($"{r.Name}, student + lecturer keys", (Func<IEstimator<ITransformer>>)(() =>
            StudentLecturer(ml).Append(ml.Regression.Trainers.Backprop(Options(r, seed, "StudentKey", "LecturerKey")))))));
        pipelines.AddRange(Rules.Select(r => (r.Name, (Func<IEstimator<ITransformer>>)(() => KeyedPipeline(ml, r, seed)))));
        return CrossValidate(ml, train, pipelines, folds, seed, progress);
    }

    /// <summary>The key columns of <see cref="Candidates.KeyedIds"/>: student, lecturer, department.</summary>
    public static string[] KeyedColumns => ["StudentKey", "LecturerKey", "DepartmentKey"];

    /// <summary><see cref="Candidates.KeyedIds"/> then the MLP with <paramref name="rule"/> on <see cref="KeyedColumns"/>.</summary>
    public static IEstimator<ITransformer> KeyedPipeline(MLContext ml, Rule rule, int seed) =>
        Candidates.KeyedIds(ml).Append(ml.Regression.Trainers.Backprop(Options(rule, seed, KeyedColumns)));

    /// <summary>Every rule's <see cref="KeyedPipeline"/> cross-validated on <paramref name="train"/>, on the same folds.</summary>
    public static IReadOnlyList<FoldScores> CrossValidate(MLContext ml, IDataView train, IEnumerable<Rule> rules, int folds, int seed, Action<string>? progress = null) =>
        CrossValidate(ml, train, rules.Select(r => (r.Name, (Func<IEstimator<ITransformer>>)(() => KeyedPipeline(ml, r, seed)))), folds, seed, progress);

    private static IReadOnlyList<FoldScores> CrossValidate(MLContext ml, IDataView train, IEnumerable<(string Name, Func<IEstimator<ITransformer>> Pipeline)> pipelines,
        int folds, int seed, Action<string>? progress) =>
        [.. ConfigurationSearch.RunPipelines(ml, train, pipelines, folds, seed, progress)
            .Select(s => new FoldScores(s.Name, s.FoldRmse!, [.. s.FoldFitTimes!.Select(t => t.TotalSeconds)]))];

    /// <summary>The default options with <paramref name="keys"/> named and <paramref name="rule"/> applied.</summary>
    public static BackpropTrainer.Options Options(Rule rule, int seed, params string[] keys)
    {
        var options = new BackpropTrainer.Options { CategoricalColumnNames = keys, Seed = seed };
        rule.Apply(options);
        return options;
    }

    private static IEstimator<ITransformer> StudentLecturer(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey([new("StudentKey", "Student"), new("LecturerKey", "Lecturer")])
            .Append(ml.Transforms.Concatenate("Features", "Service", "StudentAge", "LectureAge"));

    /// <summary>Mean ± standard error per pipeline, and each one's paired difference from the defaults on the same keys
    /// (same folds).</summary>
    public static string Table(IReadOnlyList<FoldScores> scores) =>
        Table(scores, s => s.Name.EndsWith("student + lecturer keys", StringComparison.Ordinal) ? $"{Rules[0].Name}, student + lecturer keys" : Rules[0].Name);

    /// <summary>Mean ± standard error per pipeline, and each one's paired difference from <paramref name="reference"/>'s
    /// (same folds).</summary>
    public static string Table(IReadOnlyList<FoldScores> scores, string reference) => Table(scores, _ => reference);

    /// <summary>Mean ± standard error per pipeline, and each one's paired difference from the pipeline
    /// <paramref name="referenceOf"/> names (same folds).</summary>
    public static string Table(IReadOnlyList<FoldScores> scores, Func<FoldScores, string> referenceOf)
    {
        var lines = new List<string> { "| pipeline | CV RMSE (mean ± SE) | folds | − defaults (mean ± SE, paired) | mean fit |", "|---|---:|---|---:|---:|" };
        foreach (var s in scores)
        {
            var reference = scores.First(r => r.Name == referenceOf(s));
            var diff = s.Rmse.Zip(reference.Rmse, (a, b) => a - b).ToList();
            lines.Add($"| {s.Name} | {s.Rmse.Average():F4} ± {Se(s.Rmse):F4} | {string.Join(" / ", s.Rmse.Select(r => r.ToString("F4")))} | " +
                $"{diff.Average():+0.0000;-0.0000} ± {Se(diff):F4} | {s.Seconds.Average():F1} s |");
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static double Se(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1) / values.Count);
    }
}
