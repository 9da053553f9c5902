using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.Integration.TestDoubles;

/// <summary>Test-only pass-through data view whose cursors record that they were disposed.</summary>
internal sealed class DisposalTrackingDataView(IDataView input) : IDataView
{
    public List<TrackedCursor> Cursors { get; } = [];

    public bool CanShuffle => input.CanShuffle;

    public DataViewSchema Schema => input.Schema;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        Track(input.GetRowCursor(columnsNeeded, rand));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        input.GetRowCursorSet(columnsNeeded, n, rand).Select(Track).ToArray();

    private TrackedCursor Track(DataViewRowCursor cursor)
    {
        var tracked = new TrackedCursor(cursor);
        Cursors.Add(tracked);
        return tracked;
    }

    internal sealed class TrackedCursor(DataViewRowCursor inner) : DataViewRowCursor
    {
        public bool Disposed { get; private set; }

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override DataViewSchema Schema => inner.Schema;

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                Disposed = true;
            }
            base.Dispose(disposing);
        }
    }
}
