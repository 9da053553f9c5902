using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Onnx;

/// <summary>A data view with a schema and no rows: fits estimators and drives ML.NET's converter from a schema alone,
/// without reading (or walking into the transforms of) the caller's data.</summary>
internal sealed class EmptyDataView(DataViewSchema schema) : IDataView
{
    public DataViewSchema Schema => schema;

    public bool CanShuffle => true;

    /// <summary>The visible columns of <paramref name="schema"/> only (hidden ones would become odd graph inputs).</summary>
    public static EmptyDataView Visible(DataViewSchema schema)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in schema.Where(c => !c.IsHidden)) builder.AddColumn(column.Name, column.Type, column.Annotations);
        return new EmptyDataView(builder.ToSchema());
    }

    public long? GetRowCount() => 0;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(schema);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(schema)];

    private sealed class Cursor(DataViewSchema schema) : DataViewRowCursor
    {
        public override DataViewSchema Schema => schema;

        public override long Position => -1;

        public override long Batch => 0;

        public override bool MoveNext() => false;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            (ref TValue value) => throw new InvalidOperationException("The view has no rows.");

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => throw new InvalidOperationException("The view has no rows.");
    }
}
