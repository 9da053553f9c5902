using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Counts the cursors opened and the rows they moved over. Thread-safe: an ensemble's networks stream their
/// epochs side by side, each opening cursors at once (a plain ++ lost one now and then: 17 cursors counted for 18).</summary>
internal sealed class CountingView(IDataView inner) : IDataView
{
    private int _cursors;
    private long _rows;

    public int Cursors => Volatile.Read(ref _cursors);
    public long Rows => Interlocked.Read(ref _rows);
    public bool CanShuffle => inner.CanShuffle;
    public DataViewSchema Schema => inner.Schema;
    public long? GetRowCount() => inner.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        Interlocked.Increment(ref _cursors);
        return new Counting(this, inner.GetRowCursor(columnsNeeded, rand));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Counting(CountingView owner, DataViewRowCursor cursor) : DataViewRowCursor
    {
        public override long Position => cursor.Position;
        public override long Batch => cursor.Batch;
        public override DataViewSchema Schema => cursor.Schema;
        public override bool IsColumnActive(DataViewSchema.Column column) => cursor.IsColumnActive(column);
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => cursor.GetGetter<TValue>(column);
        public override ValueGetter<DataViewRowId> GetIdGetter() => cursor.GetIdGetter();

        public override bool MoveNext()
        {
            bool moved = cursor.MoveNext();
            if (moved) Interlocked.Increment(ref owner._rows);
            return moved;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) cursor.Dispose();
            base.Dispose(disposing);
        }
    }
}
