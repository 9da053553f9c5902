using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Integration.Data;

/// <summary>The streamed hold-out: the rows the draw holds out by their position, read once into memory; every epoch
/// serves the others, whatever the block size; the automatic share capped by the bytes its rows take.</summary>
public class StreamedHoldOutTests
{
    private const int Rows = NumberedRows.Count;

    private static IDataView Numbered() => NumberedRows.Data();

    private static LabeledRowCursor Open(IDataView data) => NumberedRows.Open(data);

    private static DataSummary Count(IDataView data) => NumberedRows.Summary(data);

    private static readonly StreamedHoldOut Draw = new(Seed: 5, Share: 0.1f);

    private static float[] HeldRows() => Enumerable.Range(0, Rows).Where(i => TrainingSplit.HeldOutByRow(5, i, 0.1f)).Select(i => (float)i).ToArray();

    [Fact]
    public void Read_DenseRows_HoldsOutTheRowsTheDrawNamesInRowOrderAndCountsTheRest()
    {
        var data = Numbered();
        using var cursor = Open(data);

        var (heldOut, training) = Draw.Read(cursor, InputShape.Dense(3), classification: true, weighted: false);

        var expected = HeldRows();
        expected.Length.ShouldBeInRange(70, 130);
        Enumerable.Range(0, heldOut!.Rows).Select(r => heldOut.Features[r * 3]).ShouldBe(expected);
        heldOut.Targets.ShouldBe(expected.Select(i => (int)i % 3 == 0 ? 1f : 0f));
        training.Rows.ShouldBe(Rows - expected.Length);
        training.WeightSum.ShouldBe(Rows - expected.Length);
    }

    [Fact]
    public void Read_SparseForm_HoldsTheSameRowsAsTheirNonZeros()
    {
        using var cursor = Open(Numbered());

        var (heldOut, _) = Draw.Read(cursor, new InputShape(DenseWidth: 0, SparseWidth: 3), classification: true, weighted: false);

        heldOut!.IsSparse.ShouldBeTrue();
        var dense = heldOut.As(InputShape.Dense(3));
        Enumerable.Range(0, dense.Rows).Select(r => dense.Features[r * 3]).ShouldBe(HeldRows());
        Enumerable.Range(0, dense.Rows).Select(r => dense.Features[r * 3 + 2]).ShouldBe(HeldRows().Select(i => -i));
    }

    [Fact]
    public void Read_ShareThatDrawsNoRow_HoldsOutNothing()
    {
        using var cursor = Open(Numbered());

        var (heldOut, training) = new StreamedHoldOut(5, 1e-7f).Read(cursor, InputShape.Dense(3), classification: true, weighted: false);

        heldOut.ShouldBeNull();
        training.Rows.ShouldBe(Rows);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(5000)]
    public void StreamingBatchSource_WithHoldOut_ServesEveryOtherRowOncePerEpochWhateverTheBlockSize(int blockRows)
    {
        var data = Numbered();
        var summary = Count(data);
        var held = HeldRows();
        using var source = new StreamingBatchSource(() => Open(data), summary, hasWeights: false, balance: null, blockRows, InputShape.Dense(3), Draw,
            Rows - held.Length);
        source.Rows.ShouldBe(Rows - held.Length);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            source.BeginEpoch(new Rng(3));
            var served = new List<float>();
            var batch = new InputBatch(InputShape.Dense(3), 32);
            var targets = new float[32];
            bool last;
            do
            {
                int count = source.Next(batch, targets, new float[32], 32, out last);
                for (int r = 0; r < count; r++) served.Add(batch.Dense[r * 3]);
            }
            while (!last);
            served.Order().ShouldBe(Enumerable.Range(0, Rows).Select(i => (float)i).Except(held));
        }
    }

    [Fact]
    public void ShareOf_AutomaticShareOfRowsBeyondTheCap_HoldsOutAboutTheCapsBytes()
    {
        const long rows = 10_000_000;
        const double rowBytes = 408; // 100 dense values, label and weight

        float share = StreamedHoldOut.ShareOf(0.1f, rows, rowBytes, automatic: true);

        (share * rows * rowBytes).ShouldBe(StreamedHoldOut.MaxAutomaticBytes, StreamedHoldOut.MaxAutomaticBytes * 1e-6);
        share.ShouldBeLessThan(0.1f);
    }

    [Fact]
    public void ShareOf_AutomaticShareWithinTheCapOrAnExplicitShare_IsKept()
    {
        StreamedHoldOut.ShareOf(0.1f, 100_000, 408, automatic: true).ShouldBe(0.1f);
        StreamedHoldOut.ShareOf(0.2f, 10_000_000, 408, automatic: false).ShouldBe(0.2f);
    }
}
