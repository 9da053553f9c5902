using Microsoft.ML;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>
/// Reads the feature, label and weight columns of an <see cref="IDataView"/> once, sequentially, into contiguous
/// arrays (training then shuffles indices, so featurizers upstream run once, not once per epoch): dense rows, or, when
/// the feature column delivers sparse vectors (text n-grams, one-hot or hashed ids), their non-zero slots and values
/// (CSR), never a dense row.
/// </summary>
/// <remarks>Memory: dense rows of a view that knows its row count are allocated once at their final size (peak ≈ the
/// data itself); otherwise rows are collected in chunks of 16 MB of features, however wide a row, and copied once into
/// exact arrays (peak ≈ 2× the data); sparse rows are collected in chunks of entries the same way. Rows that cannot
/// fit (one array, or the memory the process may use) are refused naming the sizes, before reading when the count is
/// known and the rows are dense.</remarks>
internal static class DataViewReader
{
    private const int ChunkRows = 16_384;

    /// <summary>Feature bytes per chunk when the row count is unknown (a 2²⁰-slot row gives 4-row chunks).</summary>
    private const long ChunkBytes = 16L << 20;

    /// <summary>The usable rows (labels as 0/1, class index or value; one target per row), null when there are none, and
    /// how many were skipped. <paramref name="sparse"/>: true to keep the rows sparse, false to make them dense, null to
    /// follow the first row's vector (sparse when it is stored sparse with at most half its slots).</summary>
    public static (TrainingData? Data, long SkippedMissingLabel, long SkippedBadFeatures) Read(IDataView data, string featureColumn,
        string labelColumn, string? weightColumn, BackpropTask task, bool skipBadFeatures, CancellationToken cancellation, bool? sparse = null,
        IReadOnlyList<string>? keyColumns = null)
    {
        using var cursor = new LabeledRowCursor(data, featureColumn, labelColumn, weightColumn, task, skipBadFeatures, cancellation, keyColumns);
        int columns = cursor.Columns;
        long known = data.GetRowCount() ?? -1;
        if (sparse != true)
        {
            if (known > 0 && sparse == false) CheckFits(known, columns, known: true, copies: 1);
            bool hasFirst = cursor.TryRead(out float label, out float weight);
            if (sparse is null && hasFirst && cursor.IsSparse && cursor.StoredCount <= columns / 2)
                return Result(SparseRowReader.Read(cursor, weightColumn is not null, first: (label, weight)), cursor);
            if (known > 0 && sparse is null) CheckFits(known, columns, known: true, copies: 1);
            return Result(ReadDense(cursor, columns, known, weightColumn is not null, hasFirst ? (label, weight) : null), cursor);
        }
        return Result(cursor.TryRead(out float l, out float w) ? SparseRowReader.Read(cursor, weightColumn is not null, first: (l, w)) : null, cursor);
    }

    private static (TrainingData?, long, long) Result(TrainingData? read, LabeledRowCursor cursor) =>
        (read, cursor.SkippedMissingLabel, cursor.SkippedBadFeatures);

    private static TrainingData? ReadDense(LabeledRowCursor cursor, int columns, long known, bool weighted, (float Label, float Weight)? first)
    {
        if (first is null) return null;
        // Unknown counts are read in chunks of a fixed size in bytes, so memory follows the data however wide a row is.
        int chunkRows = known >= 0 ? (int)Math.Max(1, known) : (int)Math.Clamp(ChunkBytes / (4L * columns), 1, ChunkRows);
        int keys = cursor.KeyColumns;
        var chunks = new List<(float[] Features, float[] Labels, float[] Weights, int[] Keys)>();
        long rows = 0;
        var pending = first;
        bool Next(Span<float> features, Span<int> rowKeys, out float label, out float weight)
        {
            if (pending is { } row)
            {
                cursor.CopyTo(features);
                cursor.CopyKeys(rowKeys);
                (label, weight) = row;
                pending = null;
                return true;
            }
            return cursor.TryRead(features, rowKeys, out label, out weight);
        }
        while (true)
        {
            var chunk = (Features: new float[(long)chunkRows * columns], Labels: new float[chunkRows], Weights: weighted ? new float[chunkRows] : [],
                Keys: new int[(long)chunkRows * keys]);
            int filled = 0;
            while (filled < chunkRows && Next(chunk.Features.AsSpan(filled * columns, columns), chunk.Keys.AsSpan(filled * keys, keys),
                out chunk.Labels[filled], out float weight))
            {
                if (weighted) chunk.Weights[filled] = weight;
                filled++;
            }
            rows += filled;
            if (filled > 0) chunks.Add(filled == chunkRows ? chunk : Trim(chunk, filled, columns, keys));
            if (filled < chunkRows) break;
            CheckFits(rows, columns, known: false, copies: 2); // more rows follow; the chunks are copied into one array at the end
        }
        CheckFits(rows, columns, known: true, copies: chunks.Count > 1 ? 2 : 1);

        var result = chunks.Count == 1 ? chunks[0] : Concatenate(chunks, (int)rows, columns, keys, weighted);
        return new TrainingData(result.Features, (int)rows, columns, result.Labels, 1, weighted ? result.Weights : null, result.Keys, keys);
    }

    /// <summary>Refuses rows that cannot be held in memory (one array, and the memory the process may use), naming the sizes.</summary>
    private static void CheckFits(long rows, int columns, bool known, int copies)
    {
        long values = rows * columns;
        double bytes = 4.0 * values * copies;
        long available = MemoryBudget.AvailableBytes;
        string? problem = values > MemoryBudget.MaxArrayLength ? $"more than one array holds ({MemoryBudget.MaxArrayLength:N0} values)"
            : bytes > available ? $"{MemoryBudget.Format(bytes)} to read them in, more than the {MemoryBudget.Format(available)} this process may use"
            : null;
        if (problem is not null)
            throw new InvalidOperationException($"The data has {(known ? "" : "more than ")}{rows:N0} rows × {columns:N0} features = {values:N0} values " +
                $"({MemoryBudget.Format(4.0 * values)}): {problem}. Use DataLoading = Streaming (it holds one block of rows at a time), or fewer features.");
    }

    private static (float[] Features, float[] Labels, float[] Weights, int[] Keys) Trim((float[] Features, float[] Labels, float[] Weights, int[] Keys) chunk,
        int rows, int columns, int keys) =>
        (chunk.Features.AsSpan(0, rows * columns).ToArray(), chunk.Labels.AsSpan(0, rows).ToArray(), chunk.Weights.Length == 0 ? [] : chunk.Weights.AsSpan(0, rows).ToArray(),
            chunk.Keys.AsSpan(0, rows * keys).ToArray());

    private static (float[] Features, float[] Labels, float[] Weights, int[] Keys) Concatenate(List<(float[] Features, float[] Labels, float[] Weights, int[] Keys)> chunks,
        int rows, int columns, int keys, bool weighted)
    {
        var features = new float[(long)rows * columns];
        var labels = new float[rows];
        var weights = weighted ? new float[rows] : [];
        var keyValues = new int[(long)rows * keys];
        int at = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            chunk.Features.CopyTo(features, at * columns);
            chunk.Labels.CopyTo(labels, at);
            chunk.Keys.CopyTo(keyValues, (long)at * keys);
            if (weighted) chunk.Weights.CopyTo(weights, at);
            at += chunk.Labels.Length;
            chunks[i] = default; // let the chunk go as soon as it is copied
        }
        return (features, labels, weights, keyValues);
    }
}
