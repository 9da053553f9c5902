using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;
using static MLNet.Backprop.Tests.TestSupport.SparseMicroBatchCase;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The micro-batch sums of a sparse first layer list the rows they touch (<see cref="SparseBlock"/>): a leaf
/// copies and clears those rows only, and the reduction tree adds the rows either operand lists. These tests pin that
/// the sums' bits are those of whole-vector copies and additions, on vectors reused from step to step.</summary>
public class MicroBatchSparseSumTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Compute_SparseFirstLayerOnReusedVectors_EqualsWholeVectorSumsBitForBit(int threads)
    {
        var data = Data();
        var network = CreateNetwork();
        var source = new InMemoryBatchSource(data, balance: null);
        var plan = new MicroBatchPlan(Rows, Batch, MicroBatch);
        var executor = new LocalStepExecutor(network, new BinaryCrossEntropy(), source, plan, seed: 5, shuffle: true, threads, unitStatistics: false);
        var reference = new MicroBatchComputer(network, new BinaryCrossEntropy(), source, MicroBatch, unitStatistics: false);
        var order = new EpochOrder(Rows, 5, true);
        var weights = new float[network.ParameterCount];
        ParameterVector.CopyValues(network, weights);
        reference.LoadWeights(weights);
        int firstLayer = Slots * Units;
        // Four steps over two epochs: from the second step on, every leaf is written into a vector an earlier sum used.
        for (int step = 0; step < 4; step++)
        {
            var at = new StepCoordinates(step / 2, step % 2, step);
            var root = executor.Compute(at, weights, default);

            // The same leaves into fresh vectors, as dense sums (no rows listed), added whole in the tree's order.
            var leaves = new Dictionary<(int Lo, int Hi), GradientSum>();
            for (int j = 0; j < plan.MicroBatchesPerStep; j++)
            {
                var (start, count) = plan.Positions(at.StepInEpoch, j);
                var leaf = reference.Compute(order.Of(at.Epoch).AsSpan(start, count), new CounterDropout(5, at.Step, j * MicroBatch),
                    GradientBuffer.Fresh(network.ParameterCount));
                leaves[(j, j + 1)] = new GradientSum(leaf.Gradient, leaf.Loss, leaf.Weight, leaf.Activity);
            }
            var expected = ReductionTree.Reduce(0, plan.MicroBatchesPerStep, leaves, (l, r) => l.Add(r));

            expected.Sparse.ShouldBeNull();
            root.Sparse.ShouldNotBeNull();
            root.Sparse.Rows.Length.ShouldBeLessThan(Slots); // the step lists the rows it touched, not every row
            root.Sparse.Rows.ShouldBe(root.Sparse.Rows.Order().Distinct().ToArray());
            var listed = root.Sparse.Rows.ToHashSet();
            for (int i = 0; i < root.Gradient.Length; i++)
            {
                BitConverter.SingleToInt32Bits(root.Gradient[i]).ShouldBe(BitConverter.SingleToInt32Bits(expected.Gradient[i]), $"step {step}, parameter {i}");
                if (i < firstLayer && !listed.Contains(i / Units)) BitConverter.SingleToInt32Bits(root.Gradient[i]).ShouldBe(0, $"unlisted row {i / Units}");
            }
            root.Loss.ShouldBe(expected.Loss);
            executor.Release(root);
        }
    }

    [Fact]
    public void Add_ListedRowsWithNegativeZero_EqualsWholeVectorAddBitForBit()
    {
        // Vector: 2 values before the block, a 4 × 2 block, 1 value after it.
        const int offset = 2, length = 2 + 8 + 1;
        float[] Left() => [1f, 2f, /* row 0 */ -0f, 3f, /* row 1 */ 0f, 0f, /* row 2 */ 5f, -0f, /* row 3 */ 0f, 0f, 7f];
        float[] Right() => [0.5f, -2f, /* row 0 */ 0f, 0f, /* row 1 */ 0f, 0f, /* row 2 */ 1f, 0f, /* row 3 */ -0f, 4f, 1f];
        var empty = UnitActivity.Empty([1]);
        var sparse = new GradientSum(Left(), 1, 1, empty, new SparseBlock(offset, 4, 2, [0, 2]))
            .Add(new GradientSum(Right(), 1, 1, UnitActivity.Empty([1]), new SparseBlock(offset, 4, 2, [2, 3])));
        var dense = new GradientSum(Left(), 1, 1, UnitActivity.Empty([1])).Add(new GradientSum(Right(), 1, 1, UnitActivity.Empty([1])));

        sparse.Gradient.Length.ShouldBe(length);
        sparse.Gradient.Select(BitConverter.SingleToInt32Bits).ShouldBe(dense.Gradient.Select(BitConverter.SingleToInt32Bits));
        BitConverter.SingleToInt32Bits(sparse.Gradient[offset]).ShouldBe(0); // −0 + +0 = +0, as the whole add gives
        sparse.Sparse!.Rows.ShouldBe([0, 2, 3]);
    }

    [Fact]
    public void Add_OneDenseOperand_GivesADenseSum()
    {
        var sum = new GradientSum(new float[4], 0, 1, UnitActivity.Empty([1]), new SparseBlock(0, 2, 2, [1]))
            .Add(new GradientSum([1f, 1f, 1f, 1f], 0, 1, UnitActivity.Empty([1])));

        sum.Sparse.ShouldBeNull();
        sum.Gradient.ShouldBe([1f, 1f, 1f, 1f]);
    }
}
