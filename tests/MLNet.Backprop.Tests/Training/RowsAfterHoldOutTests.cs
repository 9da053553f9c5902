using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;
using Xunit.Abstractions;

namespace MLNet.Backprop.Tests.Training;

/// <summary>A cluster worker's training rows after a row-by-row hold-out: the training part of <see cref="TrainingSplit.ByRow"/>,
/// found from the held-out rows alone (4 bytes a held-out row, not 4 bytes a row).</summary>
public class RowsAfterHoldOutTests(ITestOutputHelper output)
{
    /// <summary>Rows whose input is their own index, to see which row was gathered.</summary>
    private sealed class NumberedRows(int rows) : IRowSource
    {
        public int RowCount => rows;

        public InputShape Inputs { get; } = InputShape.Dense(1);

        public int TargetWidth => 1;

        public bool HasWeights => false;

        public void Gather(ReadOnlySpan<int> indices, InputBatch inputs, Span<float> targets, Span<float> weights)
        {
            for (int i = 0; i < indices.Length; i++) inputs.Dense[i] = targets[i] = indices[i];
        }
    }

    [Theory]
    [InlineData(10_000, 7ul, 0.1f)]
    [InlineData(10_000, 8ul, 0.5f)]
    [InlineData(3_000, 9ul, 0.003f)]
    [InlineData(500, 10ul, 0.45f)]
    public void RowOf_EveryPosition_TheTrainingRowOfTheRowByRowSplit(int rows, ulong seed, float share)
    {
        var (training, validation) = TrainingSplit.ByRow(rows, seed, share);
        var served = new RowsAfterHoldOut(new NumberedRows(rows), TrainingSplit.HeldOutRows(rows, seed, share));

        TrainingSplit.HeldOutRows(rows, seed, share).ShouldBe(validation);
        served.RowCount.ShouldBe(training.Length);
        Enumerable.Range(0, training.Length).Select(served.RowOf).ShouldBe(training);
    }

    [Fact]
    public void Gather_Positions_ReadsTheirTrainingRowsInThatOrder()
    {
        var (training, _) = TrainingSplit.ByRow(1_000, 3, 0.2f);
        var served = new RowsAfterHoldOut(new NumberedRows(1_000), TrainingSplit.HeldOutRows(1_000, 3, 0.2f));
        int[] positions = [5, 0, training.Length - 1, 17, 17];
        var batch = new InputBatch(served.Inputs, positions.Length);
        var targets = new float[positions.Length];

        served.Gather(positions, batch, targets, []);

        targets.ShouldBe(positions.Select(p => (float)training[p]));
    }

    [Fact]
    public void HeldOutRows_ShareHoldingOutNothing_RefusedAsByRow()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => TrainingSplit.HeldOutRows(10, 1, 1e-6f)).Message
            .ShouldBe(Should.Throw<ArgumentOutOfRangeException>(() => TrainingSplit.ByRow(10, 1, 1e-6f)).Message);
    }

    [Fact]
    public void New_TenMillionRowsATenthHeldOut_IndexesAboutHalfAByteARowWhereTheSplitTookEight()
    {
        const int rows = 10_000_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var split = TrainingSplit.ByRow(rows, 5, 0.1f);
        long bySplit = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var served = new RowsAfterHoldOut(new NumberedRows(rows), TrainingSplit.HeldOutRows(rows, 5, 0.1f));
        long byHeldOut = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{rows:N0} rows, a tenth held out: the split allocated {bySplit / (double)rows:F2} B a row " +
            $"(keeps {4.0 * split.Training.Length / rows:F2}), the held-out index {byHeldOut / (double)rows:F2} B a row (keeps {4.0 * (rows - served.RowCount) / rows:F2})");

        (byHeldOut / (double)rows).ShouldBeLessThan(1.0); // 0.4 B kept, as much again for the list it is copied from
        (bySplit / (double)rows).ShouldBeGreaterThan(7.0);
        served.RowOf(served.RowCount - 1).ShouldBe(split.Training[^1]);
    }
}
