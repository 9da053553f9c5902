using Recommendation.Modeling;

namespace Recommendation.Tests;

/// <summary>The rule that picks the sample's configuration in the time-budgeted rounds: the lowest CV RMSE among the
/// configurations whose mean fit time is within twice LightGbm's.</summary>
public class TimeBudgetSearchTests
{
    private static ConfigurationSearch.Score Score(string name, double rmse, double seconds) =>
        new(name, rmse, 0.01, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Choose_BestConfigurationOverBudget_PicksTheBestWithinIt()
    {
        var scores = new[]
        {
            Score(TimeBudgetSearch.ReferenceName, 1.24, 1.5),
            Score("accurate but slow", 1.199, 3.1),
            Score("within the budget", 1.201, 3.0),
            Score("cheaper, worse", 1.205, 1.0),
        };
        TimeBudgetSearch.Choose(scores)!.Name.ShouldBe("within the budget");
    }

    [Fact]
    public void Choose_FoldBudget_ExcludesWhatTheDefaultBudgetAllows()
    {
        var scores = new[] { Score(TimeBudgetSearch.ReferenceName, 1.24, 1.0), Score("1.8×", 1.201, 1.8), Score("1.5×", 1.203, 1.5) };
        TimeBudgetSearch.Choose(scores)!.Name.ShouldBe("1.8×");
        TimeBudgetSearch.Choose(scores, TimeBudgetSearch.FoldBudget)!.Name.ShouldBe("1.5×");
    }

    [Fact]
    public void Choose_NothingWithinBudget_ReturnsNullNotTheReference()
    {
        var scores = new[] { Score(TimeBudgetSearch.ReferenceName, 1.24, 1.0), Score("slow", 1.20, 2.5) };
        TimeBudgetSearch.Choose(scores).ShouldBeNull();
    }

    [Fact]
    public void Table_Scores_ListsEachFitTimeAsMultipleOfTheReference()
    {
        var scores = new[] { Score(TimeBudgetSearch.ReferenceName, 1.24, 2.0), Score("a", 1.20, 5.0) };
        string table = TimeBudgetSearch.Table(scores);
        table.ShouldContain("| a | 1.2000 ± 0.0100 | 5.00 s | 2.5 |");
        table.ShouldContain($"| {TimeBudgetSearch.ReferenceName} | 1.2400 ± 0.0100 | 2.00 s | 1.0 |");
    }

    [Fact]
    public void Grids_EveryConfiguration_BuildsValidOptionsForTheKeyedLectures()
    {
        foreach (var grid in new[] { TimeBudgetSearch.Grid, TimeBudgetSearch.Faster, TimeBudgetSearch.Scalars, TimeBudgetSearch.Schedules, TimeBudgetSearch.Stopping, TimeBudgetSearch.Budget6, TimeBudgetSearch.Final, TimeBudgetSearch.Memory, WholeSplitSearch.Grid })
            foreach (var configuration in grid)
            {
                var options = configuration.Options(0);
                options.CategoricalColumnNames.ShouldContain("LectureKey", configuration.Name);
                configuration.Featurizer!.Method.Name.ShouldBe(nameof(Candidates.KeyedLectures), configuration.Name);
            }
    }
}
