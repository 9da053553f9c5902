using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Integration.Data;

/// <summary>The streamed epochs' rounds: every row once per epoch from one sequential read and one block of memory, the
/// blocks mixed differently each shuffled epoch (not the same partition every epoch), reproducible from the seed.</summary>
public class StreamingBatchSourceTests
{
    private const int Rows = NumberedRows.Count;

    private static IDataView Numbered() => NumberedRows.Data();

    private static LabeledRowCursor Open(IDataView data) => NumberedRows.Open(data);

    private static DataSummary Count(IDataView data) => NumberedRows.Summary(data);

    /// <summary>The rows served in each of <paramref name="epochs"/> epochs (their identities), the shuffle generator
    /// carried from epoch to epoch as the trainer does; null shuffles nothing.</summary>
    private static List<int[]> Serve(int blockRows, InputShape shape, Rng? rng, int epochs = 4)
    {
        var data = Numbered();
        using var source = new StreamingBatchSource(() => Open(data), Count(data), hasWeights: false, balance: null, blockRows, shape);
        var batch = new InputBatch(shape, 32);
        var dense = new float[3];
        var served = new List<int[]>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            source.BeginEpoch(rng);
            var rows = new List<int>();
            bool last;
            do
            {
                int count = source.Next(batch, new float[32], new float[32], 32, out last);
                for (int r = 0; r < count; r++) rows.Add(Identity(batch, r, dense));
            }
            while (!last);
            served.Add([.. rows]);
        }
        return served;
    }

    private static int Identity(InputBatch batch, int row, float[] dense)
    {
        if (batch.Shape.SparseWidth == 0) return (int)batch.Dense[row * 3];
        Array.Clear(dense);
        for (int e = batch.SparseOffsets[row]; e < batch.SparseOffsets[row + 1]; e++) dense[batch.SparseIndices[e]] = batch.SparseValues[e];
        dense[2].ShouldBe(-dense[0]); // the row's entries arrive whole
        return (int)dense[0];
    }

    [Theory]
    [InlineData(64, false)]
    [InlineData(64, true)]
    [InlineData(101, false)]
    [InlineData(101, true)]
    public void Next_ShuffledEpochsOfSeveralBlocks_ServeEveryRowOnceFromTheRowsReadSoFar(int blockRows, bool sparse)
    {
        var shape = sparse ? new InputShape(DenseWidth: 0, SparseWidth: 3) : InputShape.Dense(3);
        int servedPerRound = blockRows - blockRows / 2;

        foreach (var served in Serve(blockRows, shape, new Rng(3)))
        {
            served.Order().ShouldBe(Enumerable.Range(0, Rows)); // every row once, its sparse entries whole (Identity)
            // One sequential read, one block in memory: round j serves from the first blockRows + j × servedPerRound rows
            // (each round reads as many rows as the last one served).
            for (int k = 0; k < served.Length; k++)
                served[k].ShouldBeLessThan(blockRows + k / servedPerRound * servedPerRound);
        }
    }

    [Theory]
    [InlineData(64, false)]
    [InlineData(64, true)]
    public void Next_ShuffledEpochsOfSeveralBlocks_MixTheBlocksDifferentlyEachEpoch(int blockRows, bool sparse)
    {
        var shape = sparse ? new InputShape(DenseWidth: 0, SparseWidth: 3) : InputShape.Dense(3);

        var epochs = Serve(blockRows, shape, new Rng(3));

        // Fixed blocks served rows 0 to blockRows − 1 first, every epoch: now rows read later mix into them.
        var firstBlocks = epochs.Select(served => served.Take(blockRows).Order().ToArray()).ToArray();
        firstBlocks.ShouldAllBe(rows => rows.Max() >= blockRows);
        firstBlocks.Select(rows => string.Join(",", rows)).Distinct().Count().ShouldBe(epochs.Count);
    }

    [Fact]
    public void Next_SameSeed_ServesTheSameRowsInTheSameOrder()
    {
        var first = Serve(64, new InputShape(DenseWidth: 0, SparseWidth: 3), new Rng(9));
        var second = Serve(64, new InputShape(DenseWidth: 0, SparseWidth: 3), new Rng(9));

        for (int epoch = 0; epoch < first.Count; epoch++) second[epoch].ShouldBe(first[epoch]);
        Serve(64, new InputShape(DenseWidth: 0, SparseWidth: 3), new Rng(10))[0].SequenceEqual(first[0]).ShouldBeFalse();
    }

    [Fact]
    public void Next_WithoutShuffle_ServesTheRowsInFileOrder()
    {
        foreach (var served in Serve(64, InputShape.Dense(3), rng: null, epochs: 2))
            served.ShouldBe(Enumerable.Range(0, Rows));
    }

    [Theory]
    [InlineData(Rows)]
    [InlineData(Rows + 1)]
    public void Next_EpochThatFitsOneBlock_ShufflesItWhole(int blockRows)
    {
        var epochs = Serve(blockRows, InputShape.Dense(3), new Rng(3), epochs: 2);

        // One round: the first epoch's order is the generator's first shuffle of all the rows, as with fixed blocks.
        var expected = Enumerable.Range(0, Rows).ToArray();
        new Rng(3).Shuffle(expected);
        epochs[0].ShouldBe(expected);
        epochs[1].Order().ShouldBe(Enumerable.Range(0, Rows));
    }
}
