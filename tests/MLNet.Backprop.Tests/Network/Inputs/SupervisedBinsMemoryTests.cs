using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.Reliability;

namespace MLNet.Backprop.Tests.Network.Inputs;

/// <summary>What the target-aware bins allocate: the trees' row arrays once per thread, not once per feature (a streamed
/// fit's sample of 200,000 rows × 100 features made about 1 GB of garbage of them). Runs alone: it counts every byte the
/// process allocates.</summary>
[Collection(nameof(AllocationCountingCollection))]
public class SupervisedBinsMemoryTests
{
    [Fact]
    public void Compute_ManyColumns_AllocatesAWorkspacePerThreadNotPerColumn()
    {
        int n = 20_000, columns = 50;
        var random = new Random(3);
        var features = Enumerable.Range(0, n * columns).Select(_ => (float)random.NextDouble()).ToArray();
        var rows = Enumerable.Range(0, n).ToArray();
        var labels = rows.Select(r => features[r * columns] > 0.5f ? 1f : 0f).ToArray();
        var weights = Enumerable.Repeat(1.0, n).ToArray();
        var lowest = new float[columns];
        var highest = Enumerable.Repeat(1f, columns).ToArray();
        SupervisedBins.Compute(features, columns, rows, labels, weights, classes: 2, bins: 8, lowest, highest, threads: 2); // warm up

        long before = GC.GetTotalAllocatedBytes(precise: true);
        SupervisedBins.Compute(features, columns, rows, labels, weights, classes: 2, bins: 8, lowest, highest, threads: 2);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // A workspace holds 32 bytes a row (640 kB here); one per column would be 32 MB (it was, before session 49). The
        // count is the process's (the collection runs alone); the bound leaves room for the threads' small arrays.
        allocated.ShouldBeLessThan(8L * 32 * n);
    }
}
