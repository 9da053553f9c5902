using Microsoft.ML;
using Recommendation.Data;
using Recommendation.Modeling;

namespace Recommendation.Tests;

/// <summary>The sample's micro-batch comparison on the first 8,000 training ratings.</summary>
public class MicroBatchCheckTests
{
    [Fact]
    public void Run_QuickSubset_MicroBatchModeThreadIndependentAndAsGoodAsTheInMemoryLoop()
    {
        var ml = new MLContext(0);
        var (train, test) = InstEvalFiles.Load(ml, InstEvalFiles.Locate());
        var results = MicroBatchCheck.Run(ml, ml.Data.TakeRows(train, 8000), ml.Data.TakeRows(test, 1600), seed: 0);

        results.Count.ShouldBe(4);
        results[3].WeightsHash.ShouldBe(results[2].WeightsHash); // 1 and 2 threads
        results.ShouldAllBe(r => double.IsFinite(r.Rmse) && r.Rmse > 0.5 && r.Rmse < 2.0);
        // The same steps as the in-memory loop updating every row, in another summation order (and dropout draws).
        Math.Abs(results[2].Rmse - results[1].Rmse).ShouldBeLessThan(0.05);
        MicroBatchCheck.Table(results).ShouldContain("| micro-batches of 32, 2 threads |");
    }
}
