using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>Copies sparse rows picked by index (a shuffled mini-batch) into a batch's CSR block: each row's slots and
/// values, one after the other, nothing expanded.</summary>
internal static class SparseGather
{
    /// <summary>Batch row b = row <paramref name="rows"/>[b] of <paramref name="data"/> (sparse), for every b.</summary>
    public static void Copy(TrainingData data, ReadOnlySpan<int> rows, InputBatch batch)
    {
        int[] offsets = data.SparseOffsets, indices = data.SparseIndices;
        float[] values = data.SparseValues;
        long entries = 0;
        foreach (int r in rows) entries += offsets[r + 1] - offsets[r];
        if (entries > Array.MaxLength)
            throw new InvalidOperationException($"A mini-batch of {rows.Length:N0} rows holds {entries:N0} non-zero values, more than one array holds; use a smaller BatchSize.");
        batch.EnsureSparse((int)entries, keep: 0);
        int at = 0;
        batch.SparseOffsets[0] = 0;
        for (int b = 0; b < rows.Length; b++)
        {
            int from = offsets[rows[b]], count = offsets[rows[b] + 1] - from;
            indices.AsSpan(from, count).CopyTo(batch.SparseIndices.AsSpan(at));
            values.AsSpan(from, count).CopyTo(batch.SparseValues.AsSpan(at));
            at += count;
            batch.SparseOffsets[b + 1] = at;
        }
    }
}
