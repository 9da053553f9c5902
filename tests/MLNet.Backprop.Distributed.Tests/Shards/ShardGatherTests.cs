using MLNet.Backprop.Distributed.Shards;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Distributed.Tests.Shards;

/// <summary>The rows the coordinator reads by index (a hold-out) in the form the network is served: sparse, they are the
/// entries the dense read holds, chunk by chunk, and rows beyond the limit are refused before their arrays grow.</summary>
public sealed class ShardGatherTests : IDisposable
{
    private const int Slots = 500;

    private readonly Microsoft.ML.MLContext _ml = new(seed: 0);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mlbp-gather-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private ShardSet Write() => ShardSet.Write(_ml, SparseRows.Load(_ml, 300, Slots, 6, seed: 5), _directory, 3,
        new BackpropTrainer.Options { Task = BackpropTask.BinaryClassification });

    /// <summary>Every seventh row and a few more, across the three shards, in that order.</summary>
    private static readonly int[] Chosen = [.. Enumerable.Range(0, 43).Select(i => i * 7), 1, 2, 299];

    [Fact]
    public void Read_SparseInChunks_TheEntriesOfTheDenseReadInTheSameOrder()
    {
        var shards = Write();
        shards.Data.Sparse.ShouldBeTrue();
        using var rows = new ShardRows(shards.Shards, balance: null);
        var sparseShape = new InputShape(0, Slots);

        var dense = ShardGather.Read(rows, Chosen, InputShape.Dense(Slots), long.MaxValue).ShouldNotBeNull();
        var sparse = ShardGather.Read(rows, Chosen, sparseShape, long.MaxValue, expectedEntries: 3, chunkRows: 7).ShouldNotBeNull();

        sparse.Inputs.ShouldBe(sparseShape);
        var expected = dense.As(sparseShape).View(0, Chosen.Length);
        var actual = sparse.View(0, Chosen.Length);
        actual.SparseOffsets.ToArray().ShouldBe(expected.SparseOffsets.ToArray());
        actual.SparseIndices.ToArray().ShouldBe(expected.SparseIndices.ToArray());
        actual.SparseValues.ToArray().Select(BitConverter.SingleToInt32Bits).ShouldBe(expected.SparseValues.ToArray().Select(BitConverter.SingleToInt32Bits));
        sparse.Targets.ShouldBe(dense.Targets);
        expected.SparseIndices.Length.ShouldBeGreaterThan(Chosen.Length); // rows of several entries
    }

    [Fact]
    public void Read_SparseEntriesBeyondTheLimit_NullBeforeTheRest()
    {
        var shards = Write();
        using var rows = new ShardRows(shards.Shards, balance: null);
        var sparseShape = new InputShape(0, Slots);
        int entries = ShardGather.Read(rows, Chosen, sparseShape, long.MaxValue)!.View(0, Chosen.Length).SparseIndices.Length;

        ShardGather.Read(rows, Chosen, sparseShape, entries).ShouldNotBeNull();
        ShardGather.Read(rows, Chosen, sparseShape, entries - 1, chunkRows: 5).ShouldBeNull();
        ShardGather.Read(rows, Chosen, InputShape.Dense(Slots), (long)Chosen.Length * Slots - 1).ShouldBeNull();
    }
}
