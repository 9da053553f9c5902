using Microsoft.ML;
using MLNet.Backprop;
using Recommendation.Data;
using Recommendation.Modeling;

namespace Recommendation.Tests;

/// <summary>Each optimizer with the id-like tables' automatic prior and width and with <c>SparseUpdates = Lazy</c>, on the
/// first 4,000 training ratings.</summary>
public class OptimizerDefaultsTests
{
    [Fact]
    public void Runs_OptimizersAndRates_AutomaticThenLazyForEach()
    {
        var runs = OptimizerDefaults.Runs([OptimizerKind.Sgd, OptimizerKind.Momentum], [0.01f, 0.03f]);

        runs.Select(r => r.Name).ShouldBe(["Sgd 0.01, automatic", "Sgd 0.01, SparseUpdates = Lazy", "Sgd 0.03, automatic", "Sgd 0.03, SparseUpdates = Lazy",
            "Momentum 0.01, automatic", "Momentum 0.01, SparseUpdates = Lazy", "Momentum 0.03, automatic", "Momentum 0.03, SparseUpdates = Lazy"]);
        var lazy = DefaultRules.Options(runs[7], 0, "StudentKey");
        lazy.Optimizer.ShouldBe(OptimizerKind.Momentum);
        lazy.LearningRate.ShouldBe(0.03f);
        lazy.SparseUpdates.ShouldBe(SparseUpdates.Lazy);
        DefaultRules.Options(runs[0], 0, "StudentKey").SparseUpdates.ShouldBeNull();
    }

    [Fact]
    public void Run_QuickSubset_AdamNarrowsTheStudentTableAndMomentumTrainsAsLazy()
    {
        var ml = new MLContext(0);
        var (train, test) = InstEvalFiles.Load(ml, InstEvalFiles.Locate());
        var runs = OptimizerDefaults.Runs([OptimizerKind.Adam, OptimizerKind.Momentum], []);

        var results = OptimizerDefaults.Run(ml, ml.Data.TakeRows(train, 4000), ml.Data.TakeRows(test, 800), seed: 0, runs);

        results.Select(r => r.Name).ShouldBe(runs.Select(r => r.Name));
        results.ShouldAllBe(r => double.IsFinite(r.Rmse) && r.Rmse > 0.5 && r.Rmse < 2.0);
        int Student(MicroBatchDefaults.Result r) => int.Parse(r.Widths.Split(" + ")[0]);
        // Students are id-like on 4,000 rows: Adam's automatic table is the narrower one, with the prior.
        Student(results[0]).ShouldBeLessThan(Student(results[1]));
        results[0].WeightsHash.ShouldNotBe(results[1].WeightsHash);
        // Momentum keeps the earlier default: the same fit as with Lazy set.
        results[2].WeightsHash.ShouldBe(results[3].WeightsHash);
        OptimizerDefaults.Table([.. results.Select(r => new DefaultRules.FoldScores(r.Name, [r.Rmse], [r.FitTime.TotalSeconds]))])
            .ShouldContain("| Momentum, SparseUpdates = Lazy |");
    }
}
