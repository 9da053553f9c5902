using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The bin edges' sample of the streaming and cluster modes: every row up to the cap, then the rows of lowest
/// priority (a pure function of seed and row index), whatever the order or the partition the rows come in.</summary>
public class BinningSampleTests
{
    private static float[] Row(long row) => [row % 97, (float)Math.Sin(row), -row];

    private static BinningSample Offer(IEnumerable<long> rows, int seed = 5, int capacity = BinningSample.MaxRows)
    {
        var sample = new BinningSample(3, seed, capacity);
        foreach (long r in rows) sample.Add(r, Row(r), r % 2, 1f + r % 3);
        return sample;
    }

    [Fact]
    public void InRowOrder_FewerRowsThanTheCapacity_EveryRowInOrder()
    {
        var (features, labels, weights, rows) = Offer(Enumerable.Range(0, 500).Select(i => (long)i)).InRowOrder();

        rows.ShouldBe(Enumerable.Range(0, 500).Select(i => (long)i).ToArray());
        features.ShouldBe(Enumerable.Range(0, 500).SelectMany(i => Row(i)).ToArray());
        labels.ShouldBe(Enumerable.Range(0, 500).Select(i => (float)(i % 2)).ToArray());
        weights.ShouldBe(Enumerable.Range(0, 500).Select(i => 1f + i % 3).ToArray());
    }

    [Fact]
    public void Add_MoreRowsThanTheCap_KeepsTheCapOfLowestPriorityAndNoMoreMemory()
    {
        const int offered = BinningSample.MaxRows + 60_000;
        var sample = Offer(Enumerable.Range(0, offered).Select(i => (long)i));

        sample.Count.ShouldBe(BinningSample.MaxRows);
        sample.AllocatedRows.ShouldBe(BinningSample.MaxRows);
        sample.Offered.ShouldBe(offered);
        var expected = Enumerable.Range(0, offered).Select(i => (long)i).OrderBy(sample.Priority).Take(BinningSample.MaxRows).Order().ToArray();
        var (features, _, _, rows) = sample.InRowOrder();
        rows.ShouldBe(expected);
        features.Length.ShouldBe(BinningSample.MaxRows * 3);
        // The outer values are those of every row offered, not only of the rows kept.
        sample.Lowest[2].ShouldBe(-(offered - 1));
        sample.Highest[0].ShouldBe(96f);
    }

    [Fact]
    public void Add_FewRows_AllocatesForThemNotForTheCap()
    {
        Offer(Enumerable.Range(0, 10).Select(i => (long)i)).AllocatedRows.ShouldBeLessThan(BinningSample.MaxRows / 100);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Add_SamplesOfAnyPartitionMerged_TheSampleOfAllTheRows(int parts)
    {
        const int rows = 5_000, capacity = 1_000;
        var whole = Offer(Enumerable.Range(0, rows).Select(i => (long)i), capacity: capacity).InRowOrder();

        // Parts of uneven length, rows offered in reverse within each part, merged in reverse order.
        var cuts = Enumerable.Range(0, parts + 1).Select(p => p == parts ? rows : p * p * rows / (parts * parts)).ToArray();
        var merged = new BinningSample(3, 5, capacity);
        for (int p = parts - 1; p >= 0; p--)
            merged.Add(Offer(Enumerable.Range(cuts[p], cuts[p + 1] - cuts[p]).Reverse().Select(i => (long)i), capacity: capacity));

        merged.Count.ShouldBe(capacity);
        merged.Offered.ShouldBe(rows);
        var result = merged.InRowOrder();
        result.Rows.ShouldBe(whole.Rows);
        result.Features.ShouldBe(whole.Features);
        result.Labels.ShouldBe(whole.Labels);
        result.Weights.ShouldBe(whole.Weights);
    }

    [Fact]
    public void InRowOrder_OtherSeed_OtherRows()
    {
        var rows = Enumerable.Range(0, 3_000).Select(i => (long)i).ToArray();

        Offer(rows, seed: 1, capacity: 500).InRowOrder().Rows.ShouldNotBe(Offer(rows, seed: 2, capacity: 500).InRowOrder().Rows);
    }

    [Fact]
    public void Add_SampleOfOtherSeed_Throws()
    {
        Should.Throw<ArgumentException>(() => new BinningSample(3, 1).Add(new BinningSample(3, 2)));
    }
}
