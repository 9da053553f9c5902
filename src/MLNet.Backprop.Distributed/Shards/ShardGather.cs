using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed.Shards;

/// <summary>Rows of a shard set read by index into one <see cref="TrainingData"/> in the form the network is served:
/// dense values, or the sparse entries alone (a hashed or n-gram row of 2^18 slots is a few non-zeros on the sparse
/// path, not 1 MB of floats), with labels, example weights (without the class balance) and categorical keys.</summary>
internal static class ShardGather
{
    /// <summary>Rows read at a time on the sparse path: the entries are counted chunk by chunk, so rows beyond one array
    /// are refused before their arrays are grown.</summary>
    internal const int ChunkRows = 4096;

    /// <summary>The rows of <paramref name="chosen"/>, in that order; null when they hold more than
    /// <paramref name="maxValues"/> values (dense: rows × width, checked first; sparse: non-zero entries, counted as read).</summary>
    /// <param name="rows">The shard set's rows, opened without a class balance.</param>
    /// <param name="chosen">Row indices (at least one).</param>
    /// <param name="inputs">The form to serve them in (a dense block or a sparse one, and the keys).</param>
    /// <param name="maxValues">The most values (dense) or entries (sparse) the rows may hold.</param>
    /// <param name="expectedEntries">The entries expected on the sparse path (from the summary's mean), to size the arrays once.</param>
    /// <param name="chunkRows">Rows read at a time on the sparse path (smaller in tests).</param>
    public static TrainingData? Read(ShardRows rows, int[] chosen, InputShape inputs, long maxValues, long expectedEntries = 0, int chunkRows = ChunkRows)
    {
        int count = chosen.Length, width = rows.TargetWidth, keyColumns = inputs.KeyColumns;
        var labels = new float[(long)count * width];
        var weights = new float[rows.HasWeights ? count : 0];
        if (inputs.SparseWidth == 0)
        {
            if ((long)count * inputs.DenseWidth > maxValues) return null;
            var batch = new InputBatch(inputs, count);
            rows.Gather(chosen, batch, labels, weights);
            return new TrainingData(batch.Dense, count, inputs.DenseWidth, labels, width, rows.HasWeights ? weights : null,
                keyColumns > 0 ? batch.Keys : null, keyColumns);
        }

        var chunk = new InputBatch(inputs, Math.Min(count, chunkRows));
        var offsets = new int[count + 1];
        var keys = new int[(long)count * keyColumns];
        int capacity = (int)Math.Clamp(expectedEntries, 0, Math.Min(maxValues, Array.MaxLength));
        List<int> indices = new(capacity);
        List<float> values = new(capacity);
        for (int start = 0; start < count; start += chunkRows)
        {
            int rowsRead = Math.Min(chunkRows, count - start);
            rows.Gather(chosen.AsSpan(start, rowsRead), chunk, labels.AsSpan(start * width, rowsRead * width),
                rows.HasWeights ? weights.AsSpan(start, rowsRead) : []);
            var view = chunk.View(rowsRead);
            if (indices.Count + (long)view.SparseIndices.Length > maxValues) return null;
            for (int r = 1; r <= rowsRead; r++) offsets[start + r] = indices.Count + view.SparseOffsets[r];
            indices.AddRange(view.SparseIndices);
            values.AddRange(view.SparseValues);
            view.Keys.CopyTo(keys.AsSpan(start * keyColumns));
        }
        return TrainingData.Sparse(offsets, [.. indices], [.. values], count, inputs.SparseWidth, labels, width, rows.HasWeights ? weights : null,
            keyColumns > 0 ? keys : null, keyColumns);
    }
}
