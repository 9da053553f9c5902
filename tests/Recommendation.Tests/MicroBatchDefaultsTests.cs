using Microsoft.ML;
using Recommendation.Data;
using Recommendation.Modeling;

namespace Recommendation.Tests;

/// <summary>The sample's defaults in memory and in the micro-batch mode, on the first 4,000 training ratings.</summary>
public class MicroBatchDefaultsTests
{
    [Fact]
    public void Run_QuickSubset_MicroBatchDefaultsNarrowTheIdTablesWhereLazyKeepsTheRulesWidths()
    {
        var ml = new MLContext(0);
        var (train, test) = InstEvalFiles.Load(ml, InstEvalFiles.Locate());
        var results = MicroBatchDefaults.Run(ml, ml.Data.TakeRows(train, 4000), ml.Data.TakeRows(test, 800), seed: 0);

        var names = MicroBatchDefaults.Runs.Select(r => r.Name).ToList();
        results.Select(r => r.Name).ShouldBe([.. names, names[1] + MicroBatchDefaults.WithValidation, names[2] + MicroBatchDefaults.WithValidation]);
        results.ShouldAllBe(r => double.IsFinite(r.Rmse) && r.Rmse > 0.5 && r.Rmse < 2.0);
        int Student(MicroBatchDefaults.Result r) => int.Parse(r.Widths.Split(" + ")[0]);
        // Students are id-like on 4,000 rows: the defaults' table is at most √(rows ÷ keys) wide (a few values); Lazy turns
        // the prior and the narrower widths off.
        Student(results[1]).ShouldBeLessThan(Student(results[2]));
        Student(results[1]).ShouldBe(Student(results[0]));
        results[1].WeightsHash.ShouldNotBe(results[2].WeightsHash);
        Student(results[3]).ShouldBeLessThan(Student(results[4])); // the same with validation data
        MicroBatchDefaults.Table(results).ShouldContain($"| {names[2]}{MicroBatchDefaults.WithValidation} |");
    }
}
