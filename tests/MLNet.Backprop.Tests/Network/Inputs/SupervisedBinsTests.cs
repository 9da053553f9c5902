using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Tests.Network.Inputs;

/// <summary>The target-aware bins' tree on hand-made columns: where it splits, when it does not, in which order, with
/// which leaf sizes, and that its result depends on nothing but the rows (not their order, not the threads).</summary>
public class SupervisedBinsTests
{
    private static float[] Range(int count) => Enumerable.Range(0, count).Select(i => (float)i).ToArray();

    private static double[] Ones(int count) => Enumerable.Repeat(1.0, count).ToArray();

    private static float[] Classes(float[] values, Func<float, int> label) => values.Select(v => (float)label(v)).ToArray();

    [Fact]
    public void Thresholds_StepInTheClass_SplitsMidwayAtTheStepAndNowhereElse()
    {
        var x = Range(100);

        var thresholds = SupervisedBins.Thresholds(x, Classes(x, v => v >= 37 ? 1 : 0), Ones(100), classes: 2, leaves: 16, minimumLeaf: 1);

        thresholds.ShouldBe([36.5f]); // both leaves are then pure: no split lowers the entropy
    }

    [Fact]
    public void Thresholds_StepInARegressionLabel_SplitsAtTheStep()
    {
        var x = Range(80);
        var y = x.Select(v => v < 50 ? 0f : 10f).ToArray();

        SupervisedBins.Thresholds(x, y, Ones(80), classes: 0, leaves: 8, minimumLeaf: 1).ShouldBe([49.5f]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void Thresholds_ConstantLabel_NoSplit(int classes)
    {
        var x = Range(50);

        SupervisedBins.Thresholds(x, new float[50], Ones(50), classes, leaves: 16, minimumLeaf: 1).ShouldBeEmpty();
    }

    [Fact]
    public void Compute_ConstantLabel_OneBinFromLowestToHighest()
    {
        // Two columns: the label does not depend on either, so each gets its outer edges only (its values scaled to [0, 1]).
        float[] features = [0f, 5f, 1f, 6f, 2f, 7f, 3f, 9f];

        var bins = SupervisedBins.Compute(features, columns: 2, rows: [0, 1, 2, 3], labels: new float[4], weights: Ones(4), classes: 2, bins: 8,
            lowest: [-1f, 5f], highest: [3f, 10f]);

        bins.Edges(0).ToArray().ShouldBe([-1f, 3f]);
        bins.Edges(1).ToArray().ShouldBe([5f, 10f]);
        bins.TotalBins.ShouldBe(2);
    }

    [Fact]
    public void Thresholds_BestFirst_TheLargestDecreaseIsSplitFirst()
    {
        // Three steps of the regression label: 0 → 1 at 20, 1 → 11 at 60, 11 → 12 at 80. Two leaves take the big step;
        // three add the step whose split lowers the error more of the two small ones (20: 20 rows against 60, or 80).
        var x = Range(100);
        var y = x.Select(v => v < 20 ? 0f : v < 60 ? 1f : v < 80 ? 11f : 12f).ToArray();

        SupervisedBins.Thresholds(x, y, Ones(100), classes: 0, leaves: 2, minimumLeaf: 1).ShouldBe([59.5f]);
        SupervisedBins.Thresholds(x, y, Ones(100), classes: 0, leaves: 3, minimumLeaf: 1).ShouldBe([19.5f, 59.5f]);
        SupervisedBins.Thresholds(x, y, Ones(100), classes: 0, leaves: 16, minimumLeaf: 1).ShouldBe([19.5f, 59.5f, 79.5f]);
    }

    [Fact]
    public void Thresholds_EqualDecreases_TheLowestThresholdFirst()
    {
        // 0 1 0 1 0 over x = 0 … 4: splitting at 0.5 or at 3.5 lowers the entropy equally (and most); one split
        // allowed, the left one; in the right leaf (1 0 1 0) 1.5 and 3.5 then tie, and the left one is taken again.
        float[] x = [0f, 1f, 2f, 3f, 4f];
        float[] labels = [0f, 1f, 0f, 1f, 0f];

        SupervisedBins.Thresholds(x, labels, Ones(5), classes: 2, leaves: 2, minimumLeaf: 1).ShouldBe([0.5f]);
        SupervisedBins.Thresholds(x, labels, Ones(5), classes: 2, leaves: 3, minimumLeaf: 1).ShouldBe([0.5f, 1.5f]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Thresholds_FewDistinctValues_AtMostOneBinFewer(int distinct)
    {
        // The label follows every value, so a tree could split between each; G values need only G − 1 bins.
        var x = Enumerable.Range(0, 60).Select(i => (float)(i % distinct)).ToArray();
        var labels = x.ToArray();

        var thresholds = SupervisedBins.Thresholds(x, labels, Ones(60), classes: distinct, leaves: 16, minimumLeaf: 1);

        thresholds.Length.ShouldBe(distinct - 2); // G − 1 leaves: G − 2 thresholds; a 0/1 column keeps one bin
    }

    [Fact]
    public void Thresholds_RowsInAnotherOrderWithRepeatedValues_BitIdentical()
    {
        var random = new Random(3);
        int n = 2000;
        var x = Enumerable.Range(0, n).Select(_ => (float)Math.Round(random.NextDouble() * 40) / 4).ToArray(); // 161 distinct values, repeated
        var y = x.Select(v => (float)(Math.Sin(v) + 0.3 * random.NextDouble())).ToArray();
        var w = Enumerable.Range(0, n).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();

        var original = SupervisedBins.Thresholds(x, y, w, classes: 0, leaves: 16, minimumLeaf: 20);
        var shuffled = SupervisedBins.Thresholds(order.Select(i => x[i]).ToArray(), order.Select(i => y[i]).ToArray(), order.Select(i => w[i]).ToArray(),
            classes: 0, leaves: 16, minimumLeaf: 20);

        original.Length.ShouldBe(15);
        shuffled.ShouldBe(original); // the tree reads the rows sorted by value: their order in the input does not matter
    }

    [Fact]
    public void Thresholds_LeafSizeRule_NoSideBelowTheMinimum()
    {
        // The class changes after 3 rows of 100; with at least 10 rows a side, the split nearest the step is after row 10.
        var x = Range(100);
        var labels = Classes(x, v => v < 3 ? 1 : 0);

        SupervisedBins.Thresholds(x, labels, Ones(100), classes: 2, leaves: 2, minimumLeaf: 1).ShouldBe([2.5f]);
        SupervisedBins.Thresholds(x, labels, Ones(100), classes: 2, leaves: 2, minimumLeaf: 10).ShouldBe([9.5f]);
        SupervisedBins.Thresholds(x, labels, Ones(100), classes: 2, leaves: 16, minimumLeaf: 51).ShouldBeEmpty(); // no split leaves 51 a side
    }

    [Theory]
    [InlineData(100_000, 16, 64)]
    [InlineData(1_000, 16, 31)]
    [InlineData(10, 16, 1)]
    [InlineData(300, 2, 64)]
    public void MinimumLeafRows_SmallSets_FewerThan64(int rows, int bins, int expected)
    {
        SupervisedBins.MinimumLeafRows(rows, bins).ShouldBe(expected);
    }

    [Fact]
    public void Thresholds_ZeroWeightRows_DoNotMoveTheSplit()
    {
        // Rows 0..99 step at 60; 50 more rows at 0..49 with the other class and weight 0 change nothing.
        var x = Range(100).Concat(Range(50)).ToArray();
        var labels = Classes(Range(100), v => v >= 60 ? 1 : 0).Concat(Enumerable.Repeat(1f, 50)).ToArray();
        var weights = Ones(100).Concat(new double[50]).ToArray();

        SupervisedBins.Thresholds(x, labels, weights, classes: 2, leaves: 16, minimumLeaf: 1).ShouldBe([59.5f]);
    }

    [Fact]
    public void Thresholds_RareClassInANarrowRange_GetsItsOwnBin()
    {
        // 1,000 rows over [0, 1000): class 2 on [500, 510), class 1 from 800. Quantile bins (16: 62.5 wide) cannot isolate
        // the 10 rows; the tree does, with leaves of at least 10 rows, and stops there (every leaf pure).
        var x = Range(1000);
        var labels = Classes(x, v => v is >= 500 and < 510 ? 2 : v >= 800 ? 1 : 0);

        SupervisedBins.Thresholds(x, labels, Ones(1000), classes: 3, leaves: 16, minimumLeaf: 10).ShouldBe([499.5f, 509.5f, 799.5f]);
    }

    [Fact]
    public void Compute_AnyThreadCount_BitIdentical()
    {
        var random = new Random(5);
        int n = 3000, columns = 6;
        var features = Enumerable.Range(0, n * columns).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, n).Select(r => (float)((features[r * columns] + features[r * columns + 1] > 1 ? 1 : 0) + (features[r * columns + 2] > 0.9 ? 1 : 0))).ToArray();
        var rows = Enumerable.Range(0, n).Where(r => r % 7 != 0).ToArray(); // a subset, as a hold-out leaves
        var sub = rows.Select(r => labels[r]).ToArray();
        var weights = rows.Select(_ => 0.5 + random.NextDouble()).ToArray();
        var lowest = Enumerable.Repeat(0f, columns).ToArray();
        var highest = Enumerable.Repeat(1f, columns).ToArray();

        var one = SupervisedBins.Compute(features, columns, rows, sub, weights, classes: 3, bins: 16, lowest, highest, threads: 1);
        var four = SupervisedBins.Compute(features, columns, rows, sub, weights, classes: 3, bins: 16, lowest, highest, threads: 4);

        for (int c = 0; c < columns; c++) four.Edges(c).ToArray().ShouldBe(one.Edges(c).ToArray());
        one.Edges(0).Length.ShouldBeGreaterThan(2); // the informative columns are split
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public void Compute_ColumnsSharingAWorkspace_EachColumnsOwnTree(int classes)
    {
        // Columns of many distinct values then of few: a tree must not read what the column before left in the
        // workspace (more groups, other labels), so each column's edges are those of its tree alone.
        var random = new Random(9);
        int n = 2000, columns = 6;
        var features = new float[n * columns];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < columns; c++)
                features[r * columns + c] = c % 2 == 0 ? (float)random.NextDouble() : random.Next(4 + c);
        var labels = Enumerable.Range(0, n).Select(r => (float)(classes > 0 ? (features[r * columns] > 0.5 ? 1 : 0) + (features[r * columns + 1] > 2 ? 1 : 0)
            : features[r * columns] * 3 + features[r * columns + 3])).ToArray();
        var rows = Enumerable.Range(0, n).Where(r => r % 5 != 0).ToArray();
        var sub = rows.Select(r => labels[r]).ToArray();
        var weights = rows.Select(_ => 0.5 + random.NextDouble()).ToArray();
        var lowest = Enumerable.Repeat(0f, columns).ToArray();
        var highest = Enumerable.Repeat(10f, columns).ToArray();

        var bins = SupervisedBins.Compute(features, columns, rows, sub, weights, classes, bins: 16, lowest, highest, threads: 1);

        for (int c = 0; c < columns; c++)
        {
            var column = Enumerable.Range(0, n).Select(r => features[r * columns + c]).ToArray();
            var alone = SupervisedBins.Compute(column, 1, rows, sub, weights, classes, bins: 16, [0f], [10f]); // a workspace of its own
            bins.Edges(c).ToArray().ShouldBe(alone.Edges(0).ToArray(), $"column {c}");
            bins.Edges(c).Length.ShouldBeGreaterThan(2, $"column {c}"); // every column is split
        }
    }
}
