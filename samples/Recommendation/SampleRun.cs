using Microsoft.ML;
using MLNet.Backprop;
using MLNet.Backprop.Reports;
using Recommendation.Data;
using Recommendation.Modeling;

namespace Recommendation;

/// <summary>The sample's steps: the ratings model compared with ML.NET's trainers on the test split, a student's top 10,
/// the hit rate of held-out good ratings, and the lecturers nearest to one in the learned table.</summary>
public static class SampleRun
{
    /// <summary>What a run prints and returns.</summary>
    /// <param name="Results">Every candidate's test RMSE and fit time.</param>
    /// <param name="ReferenceRmse">The test RMSE of the <see cref="RandomIntercepts"/> reference.</param>
    /// <param name="Student">The student recommended for.</param>
    /// <param name="Top">That student's top 10 by the best model (lecturer, department, predicted rating).</param>
    /// <param name="HitRates">Each model's hit rate at 10, best RMSE first.</param>
    /// <param name="Lecturer">The lecturer whose neighbours are shown.</param>
    /// <param name="Similar">The lecturers nearest to it in the MLP's table (cosine similarity).</param>
    /// <param name="Report">The HTML training report of the MLP with embeddings (its tables projected with the ids), or null when none was asked for.</param>
    public sealed record Outcome(IReadOnlyList<Comparison.Result> Results, double ReferenceRmse, string Student, IReadOnlyList<(string Lecturer, string Department, float Predicted)> Top,
        IReadOnlyList<(string Model, double HitRate)> HitRates, string Lecturer, IReadOnlyList<(string Name, double Similarity)> Similar, string? Report);

    // The random-intercepts reference's shrinkage of the lecture (lecturer × service × lecture age) intercepts, chosen with
    // the others by `--choose --random-intercepts`.
    private const double LectureShrinkage = 20;

    /// <summary>Runs every step on the data in <paramref name="folder"/>, printing to <paramref name="output"/>.</summary>
    /// <param name="folder">The folder of insteval_train.csv and insteval_test.csv.</param>
    /// <param name="seed">Seed of the context and of the MLPs.</param>
    /// <param name="output">Where the tables go.</param>
    /// <param name="progress">Progress messages, or null.</param>
    /// <param name="rows">Training rows to use (the first ones; test rows: a fifth as many), or null for all: a quick run.</param>
    /// <param name="hitStudents">Test students the hit rate looks at.</param>
    /// <param name="reportPath">Where to write the MLP's HTML training report, or null for none.</param>
    public static Outcome Run(string folder, int seed, TextWriter output, Action<string>? progress = null, int? rows = null, int hitStudents = 200,
        string? reportPath = null)
    {
        var ml = new MLContext(seed);
        var (train, test) = InstEvalFiles.Load(ml, folder);
        if (rows is int n)
        {
            train = ml.Data.TakeRows(train, n);
            test = ml.Data.TakeRows(test, Math.Max(1, n / 5));
        }
        var trainRows = ml.Data.CreateEnumerable<Rating>(train, reuseRowObject: false).ToList();
        var testRows = ml.Data.CreateEnumerable<Rating>(test, reuseRowObject: false).ToList();
        output.WriteLine($"InstEval: {trainRows.Count:N0} training and {testRows.Count:N0} test ratings; {trainRows.Select(r => r.Student).Distinct().Count():N0} students, " +
            $"{trainRows.Select(r => r.Lecturer).Distinct().Count():N0} lecturers (data: {folder}).");

        output.WriteLine();
        output.WriteLine("== Ratings on the test split (same split, same run) ==");
        // The training rows as read once into memory: each Fit then times training, not parsing the CSV file again.
        var results = Comparison.Run(ml, Candidates.All(ml, seed), ml.Data.LoadFromEnumerable(trainRows), test, progress, warmups: Candidates.All(new MLContext(seed), seed));
        output.WriteLine(Comparison.Table(results));
        // A reference outside ML.NET, its shrinkage chosen on the same folds as the MLP (`--choose --random-intercepts`).
        double reference = new RandomIntercepts(trainRows, student: 13, lecturer: 8, lecturerService: 20, lecture: LectureShrinkage).Rmse(testRows);
        output.WriteLine($"Reference (not an ML.NET trainer): a mixed model's random intercepts per student, lecturer, lecturer×service and lecture, test RMSE {reference:F4}.");

        var best = results.OrderBy(r => r.Rmse).First();
        var recommender = new Recommender(ml, best.Model, trainRows);
        string student = testRows.Select(r => r.Student).OrderBy(x => x, StringComparer.Ordinal).First();
        var top = recommender.Top(student, 10);
        output.WriteLine();
        output.WriteLine($"== Top 10 lecturers for student {student} by {best.Name} (of {recommender.LecturerCount:N0}, not yet rated) ==");
        foreach (var (name, department, predicted) in top) output.WriteLine($"  {name,-8} {department,-7} predicted {predicted:F2}");

        output.WriteLine();
        output.WriteLine($"== Hit rate @10 on held-out ratings of 4 or 5 (first {hitStudents} test students with one) ==");
        var hitRates = results.OrderBy(r => r.Rmse).Select(r => (r.Name, new Recommender(ml, r.Model, trainRows).HitRate(testRows, 10, hitStudents))).ToList();
        foreach (var (name, rate) in hitRates) output.WriteLine($"  {name,-45} {rate:P1}");

        // The embedding model's lecturer table: the most-rated lecturer's nearest vectors.
        var mlp = results.Single(r => r.Name == Candidates.EmbeddingName).Model;
        var model = ((IEnumerable<ITransformer>)mlp).OfType<BackpropTransformer>().Single().Model;
        var table = model.Embedding("LecturerKey");
        string lecturer = trainRows.GroupBy(r => r.Lecturer).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var similar = NearestKeys.Find(table, lecturer, 5);
        output.WriteLine();
        output.WriteLine($"== Lecturers nearest to {lecturer} (the most rated) in the MLP's lecturer table ({NearestKeys.Measure(table)}) ==");
        foreach (var (name, similarity) in similar) output.WriteLine($"  {name,-8} {similarity:F3}");

        // What training did to each table (network 1's last epoch), and whether the diagnosis found one that learned nothing.
        output.WriteLine();
        output.WriteLine("== The MLP's embedding tables in its last epoch (network 1) ==");
        foreach (var t in model.History.Epochs[^1].Embeddings)
            output.WriteLine($"  {model.CategoricalColumnNames[t.Table],-14} {t.Keys,6:N0} keys × {t.Width,3}: {t.Keys - t.KeysNeverTouched:N0} seen in training, " +
                $"update ratio {t.UpdateRatio:G2}, gradient RMS {t.GradientRms:G2}");
        var frozen = model.Diagnosis.Findings.Where(f => f.Kind == FindingKind.FrozenEmbedding).ToList();
        output.WriteLine(frozen.Count == 0 ? "  No table was found frozen." : string.Join(Environment.NewLine, frozen.Select(f => "  " + f)));

        string? report = null;
        if (reportPath is not null)
        {
            var mlpResult = results.Single(r => r.Name == Candidates.EmbeddingName);
            report = HtmlReport.Write(reportPath, model, Candidates.EmbeddingOptions(seed),
                new Dictionary<string, double> { ["test RMSE"] = mlpResult.Rmse, ["test MAE"] = mlpResult.Mae }, "InstEval: the MLP with embeddings of the ids");
            output.WriteLine();
            output.WriteLine($"Training report (the tables' statistics, each table projected with its ids): {report}");
        }
        return new Outcome(results, reference, student, top, hitRates, lecturer, similar, report);
    }
}
