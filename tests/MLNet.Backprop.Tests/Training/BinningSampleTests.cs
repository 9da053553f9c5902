using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The bin edges' sample of the streaming and cluster modes: every row up to the cap, then the rows of lowest
/// priority (a pure function of seed and row index), whatever the order the rows come in.</summary>
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
        features.AsSpan(3, 3).ToArray().ShouldBe(Row(rows[1]));
    }

    [Fact]
    public void Add_FewRows_AllocatesForThemNotForTheCap()
    {
        Offer(Enumerable.Range(0, 10).Select(i => (long)i)).AllocatedRows.ShouldBeLessThan(BinningSample.MaxRows / 100);
    }

    [Theory]
    [InlineData(3_000, 3_000)]
    [InlineData(BinningSample.MaxRows + 10, BinningSample.MaxRows)]
    public void Reserve_KnownRows_AllocatesThemAtOnceUpToTheCapAndKeepsTheSameRows(int rows, int allocated)
    {
        var reserved = new BinningSample(3, seed: 4);
        reserved.Reserve(rows);
        reserved.AllocatedRows.ShouldBe(allocated);
        var grown = new BinningSample(3, seed: 4);
        for (int i = 0; i < rows; i++)
        {
            reserved.Add(i, Row(i), i % 2, 1f);
            grown.Add(i, Row(i), i % 2, 1f);
        }

        reserved.AllocatedRows.ShouldBe(allocated); // never grown again
        reserved.InRowOrder().Rows.ShouldBe(grown.InRowOrder().Rows);
        reserved.InRowOrder().Features.ShouldBe(grown.InRowOrder().Features);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(5_000)]
    public void RowsOf_AnyOrderOfOffering_TheRowsTheSampleKeeps(int rows)
    {
        // Offered backwards and in two interleaved halves: the rows kept depend on their indices only.
        var order = Enumerable.Range(0, rows).Reverse().Where(i => i % 2 == 0).Concat(Enumerable.Range(0, rows).Where(i => i % 2 == 1)).Select(i => (long)i);

        var kept = Offer(order, capacity: 1_000).InRowOrder();

        kept.Rows.ShouldBe(BinningSample.RowsOf(rows, seed: 5, capacity: 1_000));
        kept.Rows.Length.ShouldBe(Math.Min(rows, 1_000));
        kept.Features.ShouldBe(kept.Rows.SelectMany(Row).ToArray());
    }

    [Fact]
    public void InRowOrder_OtherSeed_OtherRows()
    {
        var rows = Enumerable.Range(0, 3_000).Select(i => (long)i).ToArray();

        Offer(rows, seed: 1, capacity: 500).InRowOrder().Rows.ShouldNotBe(Offer(rows, seed: 2, capacity: 500).InRowOrder().Rows);
    }

    [Theory]
    [InlineData(700, 1_000, false)] // storage grown by doubling beyond the rows kept
    [InlineData(5_000, 1_000, false)] // rows replaced in the heap: slots far from row order
    [InlineData(5_000, 1_000, true)]
    public void TakeTrainingData_AnyOrderOfOffering_InRowOrdersValuesAndTheSampleEmpty(int rows, int capacity, bool weighted)
    {
        var order = Enumerable.Range(0, rows).Reverse().Where(i => i % 3 != 0).Concat(Enumerable.Range(0, rows).Where(i => i % 3 == 0)).Select(i => (long)i).ToArray();
        var expected = Offer(order, capacity: capacity).InRowOrder();
        var sample = Offer(order, capacity: capacity);

        var (data, taken) = sample.TakeTrainingData(weighted);

        taken.ShouldBe(expected.Rows);
        data.Rows.ShouldBe(expected.Rows.Length);
        data.Columns.ShouldBe(3);
        data.Features.ShouldBe(expected.Features);
        data.Targets.ShouldBe(expected.Labels);
        if (weighted) data.Weights.ShouldBe(expected.Weights);
        else data.Weights.ShouldBeNull();
        sample.Count.ShouldBe(0);
        sample.AllocatedRows.ShouldBe(0);
    }

    [Fact]
    public void Add_RowOfAnotherWidth_Throws()
    {
        Should.Throw<ArgumentException>(() => new BinningSample(3, 1).Add(0, [1f, 2f], 0f, 1f));
    }
}
