using MLNet.Backprop.Distributed.Messaging;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Distributed.Shards;

/// <summary>The rows of a shard set, numbered across its shards in manifest order (row r of the data view the set was
/// written from), with the class balance applied as the single-process trainer applies it.</summary>
internal sealed class ShardRows : IRowSource, IDisposable
{
    private readonly ShardFile[] _shards;
    private readonly long[] _firstRow;
    private readonly ClassBalance? _balance;
    private float[]? _row;

    public ShardRows(IReadOnlyList<ShardInfo> shards, ClassBalance? balance)
    {
        _balance = balance;
        _shards = new ShardFile[shards.Count];
        _firstRow = new long[shards.Count + 1];
        try
        {
            for (int i = 0; i < shards.Count; i++)
            {
                var shard = _shards[i] = ShardFile.Open(shards[i].Path, shards[i].Sha256);
                if (shard.Rows != shards[i].Rows) throw new InvalidDataException($"Shard '{shard.Path}' holds {shard.Rows} rows; the manifest says {shards[i].Rows}.");
                if (shard.Columns != _shards[0].Columns || shard.TargetWidth != _shards[0].TargetWidth || shard.HasWeights != _shards[0].HasWeights)
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

    public InputShape Inputs => _inputs ??= InputShape.Dense(_shards[0].Columns);

    private InputShape? _inputs;

    public int TargetWidth => _shards[0].TargetWidth;

    public bool HasWeights => _shards[0].HasWeights || _balance is not null;

    /// <summary>True when the shards store an example weight per row.</summary>
    public bool HasExampleWeights => _shards[0].HasWeights;

    public void Gather(ReadOnlySpan<int> rows, InputBatch inputs, Span<float> targets, Span<float> weights)
    {
        int columns = Inputs.DenseWidth, width = TargetWidth;
        Span<float> features = inputs.Dense;
        Span<float> row = _row ??= new float[_shards[0].Stride];
        for (int b = 0; b < rows.Length; b++)
        {
            int s = Array.BinarySearch(_firstRow, (long)rows[b]);
            if (s < 0) s = ~s - 1;
            while (_shards[s].Rows == 0 || rows[b] >= _firstRow[s + 1]) s++; // empty shards share their first row with the next
            _shards[s].ReadRow(rows[b] - _firstRow[s], row);
            row[..columns].CopyTo(features.Slice(b * columns, columns));
            row.Slice(columns, width).CopyTo(targets.Slice(b * width, width));
            if (!HasWeights) continue;
            float weight = _shards[s].HasWeights ? row[columns + width] : 1f;
            weights[b] = _balance is null ? weight : _balance.Weight(row[columns], weight);
        }
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
