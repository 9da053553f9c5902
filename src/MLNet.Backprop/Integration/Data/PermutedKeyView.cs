using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Integration.Data;

/// <summary>
/// A data view whose one key column is permuted across the rows: row r reads the key of row order[r], every other
/// column (and the key's type and key names) as the source has it. Permutation importance of a categorical column
/// shuffles a whole column this way (ML.NET's own PFI permutes slots of the feature vector only).
/// </summary>
internal sealed class PermutedKeyView : IDataView
{
    private readonly IDataView _source;
    private readonly int _column;
    private readonly ulong[] _keys;

    /// <param name="source">The rows (read in order; a view whose order changes between reads is not supported).</param>
    /// <param name="column">The key column to permute.</param>
    /// <param name="keys">The column's key values in row order, read once (<see cref="ReadKeys"/>).</param>
    /// <param name="order">The permutation: row r reads <paramref name="keys"/>[order[r]].</param>
    public PermutedKeyView(IDataView source, DataViewSchema.Column column, ulong[] keys, int[] order)
    {
        _source = source;
        _column = column.Index;
        _keys = new ulong[keys.Length];
        for (int r = 0; r < keys.Length; r++) _keys[r] = keys[order[r]];
    }

    /// <summary>The key values of <paramref name="column"/> in row order (0 = missing), whatever the key's raw type.</summary>
    public static ulong[] ReadKeys(IDataView data, DataViewSchema.Column column)
    {
        var keys = new List<ulong>();
        using var cursor = data.GetRowCursor([column]);
        var read = Read(cursor, column);
        while (cursor.MoveNext()) keys.Add(read());
        return [.. keys];
    }

    private static Func<ulong> Read(DataViewRow row, DataViewSchema.Column column)
    {
        switch (column.Type.RawType)
        {
            case var t when t == typeof(byte): { var g = row.GetGetter<byte>(column); byte v = 0; return () => { g(ref v); return v; }; }
            case var t when t == typeof(ushort): { var g = row.GetGetter<ushort>(column); ushort v = 0; return () => { g(ref v); return v; }; }
            case var t when t == typeof(uint): { var g = row.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v; }; }
            case var t when t == typeof(ulong): { var g = row.GetGetter<ulong>(column); ulong v = 0; return () => { g(ref v); return v; }; }
            default: throw new ArgumentOutOfRangeException(nameof(column), column.Type, $"Column '{column.Name}' is not a key column.");
        }
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => _keys.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _source.GetRowCursor(columnsNeeded));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(PermutedKeyView view, DataViewRowCursor source) : DataViewRowCursor
    {
        public override DataViewSchema Schema => source.Schema;

        public override long Position => source.Position;

        public override long Batch => source.Batch;

        public override bool IsColumnActive(DataViewSchema.Column column) => source.IsColumnActive(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool MoveNext()
        {
            if (!source.MoveNext()) return false;
            if (source.Position >= view._keys.Length)
                throw new InvalidOperationException("The data view yielded more rows the second time it was read: permute only a view that reads the same rows every time.");
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != view._column) return source.GetGetter<TValue>(column);
            ulong Key() => view._keys[source.Position];
            Delegate getter = typeof(TValue) switch
            {
                var t when t == typeof(byte) => (ValueGetter<byte>)((ref byte v) => v = (byte)Key()),
                var t when t == typeof(ushort) => (ValueGetter<ushort>)((ref ushort v) => v = (ushort)Key()),
                var t when t == typeof(uint) => (ValueGetter<uint>)((ref uint v) => v = (uint)Key()),
                var t when t == typeof(ulong) => (ValueGetter<ulong>)((ref ulong v) => v = Key()),
                var t => throw new InvalidOperationException($"Column '{column.Name}' is a key; it cannot be read as {t.Name}."),
            };
            return (ValueGetter<TValue>)getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) source.Dispose();
            base.Dispose(disposing);
        }
    }
}
