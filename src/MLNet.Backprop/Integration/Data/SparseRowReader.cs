using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>
/// Reads rows into CSR form: each row's non-zero slots and values appended to chunks of <see cref="ChunkEntries"/>
/// entries, then copied once into exact arrays (peak ≈ 2× the entries, never a dense row).
/// </summary>
internal static class SparseRowReader
{
    /// <summary>Entries per chunk (8 MB of slots and values).</summary>
    private const int ChunkEntries = 1 << 20;

    /// <summary>Every remaining row of <paramref name="cursor"/>, the current one (<paramref name="first"/>: its label and
    /// weight) first.</summary>
    /// <exception cref="InvalidOperationException">The entries do not fit in one array or in memory (the message names the sizes).</exception>
    public static TrainingData Read(LabeledRowCursor cursor, bool weighted, (float Label, float Weight) first)
    {
        int columns = cursor.Columns;
        var indexChunks = new List<int[]>();
        var valueChunks = new List<float[]>();
        var offsets = new List<int> { 0 };
        var labels = new List<float>();
        var weights = new List<float>();
        int keyColumns = cursor.KeyColumns;
        var keys = new List<int>();
        var rowKeys = new int[keyColumns];
        int[] indices = new int[Math.Max(ChunkEntries, columns)];
        float[] values = new float[indices.Length];
        int used = 0;
        long entries = 0;
        var row = first;
        while (true)
        {
            if (used + cursor.StoredCount > indices.Length)
            {
                indexChunks.Add(indices[..used]);
                valueChunks.Add(values[..used]);
                used = 0;
            }
            int count = cursor.CopyNonZeros(indices.AsSpan(used), values.AsSpan(used));
            used += count;
            entries += count;
            Check(entries, offsets.Count);
            offsets.Add((int)entries);
            labels.Add(row.Label);
            if (weighted) weights.Add(row.Weight);
            if (keyColumns > 0)
            {
                cursor.CopyKeys(rowKeys);
                keys.AddRange(rowKeys);
            }
            if (!cursor.TryRead(out row.Label, out row.Weight)) break;
        }
        indexChunks.Add(indices[..used]);
        valueChunks.Add(values[..used]);
        var allIndices = new int[entries];
        var allValues = new float[entries];
        int at = 0;
        for (int i = 0; i < indexChunks.Count; i++)
        {
            indexChunks[i].CopyTo(allIndices, at);
            valueChunks[i].CopyTo(allValues, at);
            at += indexChunks[i].Length;
            indexChunks[i] = [];
            valueChunks[i] = [];
        }
        int rows = labels.Count;
        return TrainingData.Sparse([.. offsets], allIndices, allValues, rows, columns, [.. labels], 1, weighted ? [.. weights] : null, [.. keys], keyColumns);
    }

    private static void Check(long entries, long rows)
    {
        long available = MemoryBudget.AvailableBytes;
        // Slots and values (8 bytes an entry), held twice while the chunks are joined.
        double bytes = 16.0 * entries;
        string? problem = entries > MemoryBudget.MaxArrayLength ? $"more than one array holds ({MemoryBudget.MaxArrayLength:N0})"
            : bytes > available ? $"{MemoryBudget.Format(bytes)} to read them in, more than the {MemoryBudget.Format(available)} this process may use"
            : null;
        if (problem is not null)
            throw new InvalidOperationException($"The data has more than {rows:N0} rows holding {entries:N0} non-zero feature values: {problem}. " +
                "Use DataLoading = Streaming (it holds one block of rows at a time).");
    }
}
