using Microsoft.ML;
using Recommendation.Data;
using Recommendation.Modeling;

namespace Recommendation.Tests;

/// <summary>The ninth search round: RMSE cross-validated on folds, fit time measured on the whole split after a warm-up.</summary>
public class WholeSplitSearchTests
{
    [Fact]
    public void Time_NoFit_Throws()
    {
        var ml = new MLContext(0);
        var rows = ml.Data.LoadFromEnumerable(new[] { new Rating() });
        Should.Throw<ArgumentOutOfRangeException>(() => WholeSplitSearch.Time(() => ml.Transforms.CopyColumns("Copy", "Label"), rows, rows, fits: 0));
    }

    [Fact]
    public void Run_SmallSubset_ScoresTheReferenceFirstAndEachConfigurationWithAWholeSplitTime()
    {
        var ml = new MLContext(0);
        var (train, _) = InstEvalFiles.Load(ml, InstEvalFiles.Locate());
        var rows = ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Rating>(ml.Data.TakeRows(train, 4_000), reuseRowObject: false).ToList());
        var grid = new[] { new ConfigurationSearch.Configuration("the sample's, 3 epochs", seed => { var o = Candidates.EmbeddingOptions(seed); o.NumberOfEpochs = 3; return o; }, Candidates.KeyedLectures) };

        var scores = WholeSplitSearch.Run(ml, rows, grid, folds: 2, seed: 0);

        scores.Select(s => s.Name).ShouldBe([TimeBudgetSearch.ReferenceName, grid[0].Name]);
        scores.ShouldAllBe(s => double.IsFinite(s.MeanRmse) && s.MeanRmse > 0.5 && s.MeanRmse < 2.0 && s.MeanFitTime > TimeSpan.Zero && s.FoldFitTimes == null);
        TimeBudgetSearch.Table(scores).ShouldContain("| the sample's, 3 epochs |");
    }
}
