using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Experiments.Tuning;

/// <summary>The rows of a data view whose positions are flagged, in their order: one side of a cross-validation fold,
/// without copying the data.</summary>
internal sealed class RowSubsetDataView(IDataView source, bool[] keep) : IDataView
{
    private readonly long _count = keep.LongCount(k => k);

    public bool CanShuffle => false;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(source.GetRowCursor(columnsNeeded), keep);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor inner, bool[] keep) : DataViewRowCursor
    {
        private long _sourcePosition = -1, _position = -1;

        public override long Position => _position;

        public override long Batch => inner.Batch;

        public override DataViewSchema Schema => inner.Schema;

        public override bool MoveNext()
        {
            while (inner.MoveNext())
            {
                _sourcePosition++;
                if (_sourcePosition >= keep.Length)
                    throw new InvalidOperationException($"The data has more rows than the {keep.Length} it had when the folds were drawn.");
                if (!keep[_sourcePosition]) continue;
                _position++;
                return true;
            }
            return false;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
