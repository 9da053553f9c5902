using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class BalancedOrderTests
{
    // 100 rows: 90 of class 0, 10 of class 1.
    private static readonly float[] Classes = Enumerable.Range(0, 100).Select(i => i % 10 == 3 ? 1f : 0f).ToArray();

    private static int[] Epoch(ulong seed, int epochs = 1)
    {
        var order = new BalancedOrder(Enumerable.Range(0, 100).ToArray(), r => Classes[r]);
        var rng = new Rng(seed);
        var epoch = new int[100];
        for (int e = 0; e < epochs; e++) order.Fill(epoch, rng);
        return epoch;
    }

    [Fact]
    public void Fill_RareClass_EveryBatchHasEqualCounts()
    {
        var epoch = Epoch(1);
        epoch.Length.ShouldBe(100);
        foreach (var batch in epoch.Chunk(8).Take(12)) batch.Count(r => Classes[r] == 1f).ShouldBe(4);
    }

    [Fact]
    public void Fill_RareClass_RepeatsEachRareRowEvenly()
    {
        // 50 slots for 10 rare rows: five full passes, so every rare row appears exactly 5 times.
        var counts = Epoch(2).Where(r => Classes[r] == 1f).GroupBy(r => r).Select(g => g.Count()).ToArray();
        counts.Length.ShouldBe(10);
        counts.ShouldAllBe(c => c == 5);
    }

    [Fact]
    public void Fill_CommonClass_SampledWithoutRepeatsAndDifferentEachEpoch()
    {
        var first = Epoch(3).Where(r => Classes[r] == 0f).ToArray();
        first.Distinct().Count().ShouldBe(50);
        var second = Epoch(3, epochs: 2).Where(r => Classes[r] == 0f).ToArray();
        second.ShouldNotBe(first);
    }

    [Fact]
    public void Fill_SameSeed_SameOrder() => Epoch(4).ShouldBe(Epoch(4));

    [Fact]
    public void Fill_ThreeClassesOddRows_KeepsRowCountAndBalance()
    {
        float[] classes = [0, 0, 0, 0, 0, 1, 1, 2, 0, 0, 0];
        var order = new BalancedOrder(Enumerable.Range(0, classes.Length).ToArray(), r => classes[r]);
        var epoch = new int[classes.Length];
        order.Fill(epoch, new Rng(5));
        order.Classes.ShouldBe(3);
        var perClass = epoch.GroupBy(r => classes[r]).ToDictionary(g => g.Key, g => g.Count());
        perClass.Values.Max().ShouldBeLessThanOrEqualTo(perClass.Values.Min() + 1);
    }
}
