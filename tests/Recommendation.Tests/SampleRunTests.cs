using Recommendation.Data;
using Recommendation.Modeling;

namespace Recommendation.Tests;

/// <summary>The sample end to end on the first 24,000 training ratings of InstEval (the shared data beside the clone):
/// every step runs, and what it prints is consistent.</summary>
public class SampleRunTests
{
    // 24,000 rows, not fewer: the sample's time-budgeted configuration (six networks, batch 256, early stopping with
    // patience 4) is tuned for the whole split and barely moves from the mean on 8,000 rows (with two networks, test RMSE 1.336; 1.324 on
    // 16,000, 1.255 on 24,000).
    private const int Rows = 24_000;

    private static readonly Lazy<(SampleRun.Outcome Outcome, string Text)> Quick = new(() =>
    {
        var text = new StringWriter();
        var outcome = SampleRun.Run(InstEvalFiles.Locate(), seed: 0, text, rows: Rows, hitStudents: 40,
            reportPath: Path.Combine(Path.GetTempPath(), $"recommendation-{Guid.NewGuid():N}", "report.html"));
        return (outcome, text.ToString());
    });

    [Fact]
    public void Run_QuickSubset_ComparesTheFourModelsWithFiniteErrors()
    {
        var results = Quick.Value.Outcome.Results;
        results.Select(r => r.Name).ShouldBe(Candidates.All(new Microsoft.ML.MLContext(0), 0).Select(c => c.Name), ignoreOrder: true);
        results.ShouldAllBe(r => double.IsFinite(r.Rmse) && r.Rmse > 0.5 && r.Rmse < 2.0);
        Quick.Value.Text.ShouldContain("| model | test RMSE |");
    }

    [Fact]
    public void Run_QuickSubset_EmbeddingsBeatPredictingTheMean()
    {
        // The spread of the ratings is about 1.34: a model that learned nothing scores about that.
        var embeddings = Quick.Value.Outcome.Results.Single(r => r.Name == Candidates.EmbeddingName);
        embeddings.Rmse.ShouldBeLessThan(1.33);
    }

    [Fact]
    public void Run_QuickSubset_RandomInterceptsReferenceBeatsPredictingTheMean()
    {
        Quick.Value.Outcome.ReferenceRmse.ShouldBeInRange(0.5, 1.33);
        Quick.Value.Text.ShouldContain("Reference (not an ML.NET trainer)");
    }

    [Fact]
    public void Run_QuickSubset_RecommendsTenLecturersTheStudentHasNotRated()
    {
        var outcome = Quick.Value.Outcome;
        outcome.Top.Count.ShouldBe(10);
        outcome.Top.Select(t => t.Lecturer).Distinct().Count().ShouldBe(10);
        outcome.Top.Select(t => t.Predicted).ShouldBeInOrder(SortDirection.Descending);
        var ml = new Microsoft.ML.MLContext(0);
        var rated = ml.Data.CreateEnumerable<Rating>(ml.Data.TakeRows(InstEvalFiles.Load(ml, InstEvalFiles.Locate()).Train, Rows), false)
            .Where(r => r.Student == outcome.Student).Select(r => r.Lecturer).ToHashSet();
        outcome.Top.ShouldAllBe(t => !rated.Contains(t.Lecturer));
    }

    [Fact]
    public void Run_QuickSubset_HitRatesAndNearestLecturersAreWellFormed()
    {
        var outcome = Quick.Value.Outcome;
        outcome.HitRates.Count.ShouldBe(4);
        outcome.HitRates.ShouldAllBe(h => h.HitRate >= 0 && h.HitRate <= 1);
        outcome.Similar.Count.ShouldBe(5);
        outcome.Similar.ShouldAllBe(s => s.Name != outcome.Lecturer && s.Similarity >= -1.0001 && s.Similarity <= 1.0001);
        outcome.Similar.Select(s => s.Similarity).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public void Run_QuickSubset_ReportsTheTablesAndProjectsThemWithTheIds()
    {
        var (outcome, text) = Quick.Value;
        text.ShouldContain("== The MLP's embedding tables in its last epoch (network 1) ==");
        text.ShouldContain("LecturerKey");
        string html = File.ReadAllText(outcome.Report!);
        Directory.Delete(Path.GetDirectoryName(outcome.Report!)!, recursive: true); // no other test reads it
        html.ShouldContain("<section id=\"embeddings\">");
        foreach (string column in new[] { "StudentKey", "LecturerKey", "DepartmentKey" }) html.ShouldContain($"<h3>{column}</h3>");
        html.ShouldContain($"<title>{outcome.Lecturer}</title>"); // the most-rated lecturer is a point of the lecturer table
    }
}
