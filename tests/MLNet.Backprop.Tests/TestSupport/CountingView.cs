using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>Counts the cursors opened and the rows they moved over.</summary>
internal sealed class CountingView(IDataView inner) : IDataView
{
    public int Cursors { get; private set; }
    public long Rows { get; private set; }
    public bool CanShuffle => inner.CanShuffle;
    public DataViewSchema Schema => inner.Schema;
    public long? GetRowCount() => inner.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        Cursors++;
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
            if (moved) owner.Rows++;
            return moved;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) cursor.Dispose();
            base.Dispose(disposing);
        }
    }
}
