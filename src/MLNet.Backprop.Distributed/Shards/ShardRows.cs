using System.Runtime.InteropServices;
using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed.Shards;

/// <summary>The rows of a shard set, numbered across its shards in manifest order (row r of the data view the set was
/// written from), with the class balance applied as the single-process trainer applies it, served in the form the run's
/// network reads (dense or sparse) whatever form the shards store, with each row's categorical keys.</summary>
internal sealed class ShardRows : IRowSource, IDisposable
{
    private readonly ShardFile[] _shards;
    private readonly long[] _firstRow;
    private readonly ClassBalance? _balance;
    private readonly IReadOnlyList<int>? _keyCounts;
    private int[]? _keys;
    private float[]? _row;
    private readonly List<int> _indices = [];
    private readonly List<float> _values = [];

    /// <param name="shards">The shard files, in row order.</param>
    /// <param name="balance">The class balance, or null.</param>
    /// <param name="inputs">The form the rows are served in; null for the shards' own (dense or sparse).</param>
    /// <param name="keyCounts">Each categorical column's key count (a row's key is 0 to it), to check the keys read; null
    /// to leave them unchecked.</param>
    public ShardRows(IReadOnlyList<ShardInfo> shards, ClassBalance? balance, InputShape? inputs = null, IReadOnlyList<int>? keyCounts = null)
    {
        _balance = balance;
        _keyCounts = keyCounts;
        _inputs = inputs;
        _shards = new ShardFile[shards.Count];
        _firstRow = new long[shards.Count + 1];
        try
        {
            for (int i = 0; i < shards.Count; i++)
            {
                var shard = _shards[i] = ShardFile.Open(shards[i].Path, shards[i].Sha256);
                if (shard.Rows != shards[i].Rows) throw new InvalidDataException($"Shard '{shard.Path}' holds {shard.Rows} rows; the manifest says {shards[i].Rows}.");
                if (shard.Columns != _shards[0].Columns || shard.TargetWidth != _shards[0].TargetWidth || shard.HasWeights != _shards[0].HasWeights
                    || shard.IsSparse != _shards[0].IsSparse || shard.KeyColumns != _shards[0].KeyColumns)
                    throw new InvalidDataException($"Shard '{shard.Path}' has another row layout than '{_shards[0].Path}'.");
                _firstRow[i + 1] = _firstRow[i] + shard.Rows;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        if (_firstRow[^1] > int.MaxValue)
        {
            Dispose();
            throw new InvalidDataException($"The shards hold {_firstRow[^1]:N0} rows; at most {int.MaxValue:N0} are supported.");
        }
        RowCount = (int)_firstRow[^1];
    }

    public int RowCount { get; }

    public InputShape Inputs => _inputs ??= _shards[0].IsSparse ? new InputShape(0, _shards[0].Columns, KeyColumns)
        : new InputShape(_shards[0].Columns, KeyColumns: KeyColumns);

    /// <summary>Features per row the shards store.</summary>
    public int Columns => _shards[0].Columns;

    /// <summary>Categorical keys per row the shards store.</summary>
    public int KeyColumns => _shards[0].KeyColumns;

    private InputShape? _inputs;

    public int TargetWidth => _shards[0].TargetWidth;

    public bool HasWeights => _shards[0].HasWeights || _balance is not null;

    /// <summary>True when the shards store an example weight per row.</summary>
    public bool HasExampleWeights => _shards[0].HasWeights;

    public void Gather(ReadOnlySpan<int> rows, InputBatch inputs, Span<float> targets, Span<float> weights)
    {
        int columns = Columns, width = TargetWidth;
        bool sparseBatch = inputs.Shape.SparseWidth > 0, sparseShards = _shards[0].IsSparse;
        Span<float> row = _row ??= new float[sparseShards ? width + 1 : _shards[0].Stride];
        int keyColumns = KeyColumns;
        Span<int> keys = _keys ??= new int[keyColumns];
        if (sparseBatch) inputs.SparseOffsets[0] = 0;
        for (int b = 0; b < rows.Length; b++)
        {
            int s = Array.BinarySearch(_firstRow, (long)rows[b]);
            if (s < 0) s = ~s - 1;
            while (_shards[s].Rows == 0 || rows[b] >= _firstRow[s + 1]) s++; // empty shards share their first row with the next
            long at = rows[b] - _firstRow[s];
            // The row's target (and weight) end up at row[columns..] (dense shards) or row[0..] (sparse shards).
            int meta = sparseShards ? 0 : columns;
            if (sparseShards)
            {
                _indices.Clear();
                _values.Clear();
                _shards[s].ReadSparseRow(at, row, keys, _indices, _values);
                if (sparseBatch) Append(inputs, b, CollectionsMarshal.AsSpan(_indices), CollectionsMarshal.AsSpan(_values));
                else
                {
                    var dense = inputs.Dense.AsSpan(b * columns, columns);
                    dense.Clear();
                    for (int k = 0; k < _indices.Count; k++) dense[_indices[k]] = _values[k];
                }
            }
            else
            {
                _shards[s].ReadRow(at, row);
                // The keys follow the target and weight, stored as 32-bit integers.
                var stored = MemoryMarshal.Cast<float, int>(row.Slice(columns + width + (_shards[0].HasWeights ? 1 : 0), keyColumns));
                stored.CopyTo(keys);
                if (sparseBatch) AppendNonZeros(inputs, b, row[..columns]);
                else row[..columns].CopyTo(inputs.Dense.AsSpan(b * columns, columns));
            }
            if (keyColumns > 0) CopyKeys(keys, inputs.Keys.AsSpan(b * keyColumns, keyColumns), _shards[s], at);
            row.Slice(meta, width).CopyTo(targets.Slice(b * width, width));
            if (!HasWeights) continue;
            float weight = _shards[s].HasWeights ? row[meta + width] : 1f;
            weights[b] = _balance is null ? weight : _balance.Weight(row[meta], weight);
        }
    }

    /// <summary>A row's keys into the batch, each checked against its column's key count.</summary>
    private void CopyKeys(ReadOnlySpan<int> keys, Span<int> destination, ShardFile shard, long row)
    {
        for (int k = 0; k < keys.Length; k++)
        {
            if (_keyCounts is not null && (uint)keys[k] > (uint)_keyCounts[k])
                throw new InvalidDataException($"Shard '{shard.Path}' row {row} holds key {keys[k]} in categorical column {k}, whose keys run from 0 (missing) to " +
                    $"{_keyCounts[k]}: the shard set was written from another mapping. Write it again (ShardSet.Write).");
            destination[k] = keys[k];
        }
    }

    private static void Append(InputBatch batch, int row, ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        int at = batch.SparseOffsets[row];
        batch.EnsureSparse(at + indices.Length, keep: at);
        indices.CopyTo(batch.SparseIndices.AsSpan(at));
        values.CopyTo(batch.SparseValues.AsSpan(at));
        batch.SparseOffsets[row + 1] = at + indices.Length;
    }

    private static void AppendNonZeros(InputBatch batch, int row, ReadOnlySpan<float> dense)
    {
        int at = batch.SparseOffsets[row];
        batch.EnsureSparse(at + dense.Length, keep: at);
        int count = 0;
        for (int c = 0; c < dense.Length; c++)
        {
            if (dense[c] == 0f) continue;
            batch.SparseIndices[at + count] = c;
            batch.SparseValues[at + count++] = dense[c];
        }
        batch.SparseOffsets[row + 1] = at + count;
    }

    /// <summary>Fails when a shard changed since it was opened (see <see cref="ShardFile.CheckUnchanged"/>).</summary>
    public void CheckUnchanged()
    {
        foreach (var shard in _shards) shard.CheckUnchanged();
    }

    public void Dispose()
    {
        foreach (var shard in _shards) shard?.Dispose();
    }
}
