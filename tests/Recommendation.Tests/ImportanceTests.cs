using Microsoft.ML;
using Recommendation.Data;
using Recommendation.Modeling;

namespace Recommendation.Tests;

/// <summary>The sample's permutation importance on the first 8,000 training ratings.</summary>
public class ImportanceTests
{
    [Fact]
    public void Run_QuickSubset_OneEntryPerNumberAndPerIdColumn()
    {
        var ml = new MLContext(0);
        var (train, test) = InstEvalFiles.Load(ml, InstEvalFiles.Locate());
        var importance = Importance.Run(ml, ml.Data.TakeRows(train, 8000), ml.Data.TakeRows(test, 1600), seed: 0, permutations: 2);

        importance.Where(f => f.IsCategoricalColumn).Select(f => f.Name).ShouldBe(Candidates.EmbeddingOptions(0).CategoricalColumnNames!, ignoreOrder: true);
        importance.Where(f => !f.IsCategoricalColumn).Select(f => f.Name).ShouldBe(["Service", "StudentAge", "LectureAge"], ignoreOrder: true);
        importance.ShouldAllBe(f => double.IsFinite(f.Decrease) && f.Metric == "RSquared");
        Importance.Table(importance).ShouldContain("| categorical column |");
    }
}
