using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.Reliability.Fuzzing;

/// <summary>
/// An in-memory data view of any column types (one typed array per column), with or without a known row count. Its
/// getters behave like ML.NET's: asking for another type than the column's raw type throws, and vectors are copied
/// into the caller's buffer, so whatever the trainer gets wrong shows up as it would with ML.NET's own views.
/// </summary>
internal sealed class FuzzDataView : IDataView
{
    private readonly (string Name, DataViewType Type, Array Values, Array? KeyNames)[] _columns;
    private readonly bool _knownCount;

    public FuzzDataView(IEnumerable<(string Name, DataViewType Type, Array Values, Array? KeyNames)> columns, int rows, bool knownCount)
    {
        _columns = columns.ToArray();
        Rows = rows;
        _knownCount = knownCount;
        var builder = new DataViewSchema.Builder();
        foreach (var (name, type, _, keyNames) in _columns)
        {
            DataViewSchema.Annotations? annotations = null;
            if (keyNames is string[] text)
            {
                var names = text.Select(n => n.AsMemory()).ToArray();
                var annotation = new DataViewSchema.Annotations.Builder();
                annotation.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, names.Length),
                    (ref VBuffer<ReadOnlyMemory<char>> value) => value = new VBuffer<ReadOnlyMemory<char>>(names.Length, (ReadOnlyMemory<char>[])names.Clone()));
                annotations = annotation.ToAnnotations();
            }
            else if (keyNames is float[] numbers) // key values of another type than text, as MapValueToKey on a Single column gives
            {
                var annotation = new DataViewSchema.Annotations.Builder();
                annotation.Add("KeyValues", new VectorDataViewType(NumberDataViewType.Single, numbers.Length),
                    (ref VBuffer<float> value) => value = new VBuffer<float>(numbers.Length, (float[])numbers.Clone()));
                annotations = annotation.ToAnnotations();
            }
            builder.AddColumn(name, type, annotations);
        }
        Schema = builder.ToSchema();
    }

    public int Rows { get; }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _knownCount ? Rows : null;

    /// <summary>The same columns restricted to the given rows (known count).</summary>
    public FuzzDataView Select(IReadOnlyList<int> rows) => new(_columns.Select(c =>
    {
        var values = Array.CreateInstance(c.Values.GetType().GetElementType()!, rows.Count);
        for (int i = 0; i < rows.Count; i++) values.SetValue(c.Values.GetValue(rows[i]), i);
        return (c.Name, c.Type, values, c.KeyNames);
    }), rows.Count, knownCount: true);

    /// <summary>The key values of a column (string[] or float[]), or null.</summary>
    public Array? KeyNamesOf(string name) => _columns.First(c => c.Name == name).KeyNames;

    /// <summary>The same rows with other key values on column <paramref name="name"/>.</summary>
    public FuzzDataView WithKeyNames(string name, Array? names) =>
        new(_columns.Select(c => c.Name == name ? (c.Name, c.Type, c.Values, names) : c), Rows, _knownCount);

    /// <summary>The values of a column, typed.</summary>
    public T[] Values<T>(string name) => (T[])_columns.First(c => c.Name == name).Values;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(FuzzDataView view, HashSet<int> active) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;
        public override long Batch => 0;
        public override DataViewSchema Schema => view.Schema;
        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);
        public override bool MoveNext() => ++_position < view.Rows;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!active.Contains(column.Index)) throw new InvalidOperationException($"Column '{column.Name}' is not active.");
            var (_, type, values, _) = view._columns[column.Index];
            if (typeof(TValue) != type.RawType)
                throw new InvalidOperationException($"Invalid TValue in GetGetter: '{typeof(TValue)}', expected type: '{type.RawType}'.");
            if (values is VBuffer<float>[] vectors)
                return (ValueGetter<TValue>)(Delegate)(ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => vectors[_position].CopyTo(ref value));
            if (values is VBuffer<double>[] doubles)
                return (ValueGetter<TValue>)(Delegate)(ValueGetter<VBuffer<double>>)((ref VBuffer<double> value) => doubles[_position].CopyTo(ref value));
            var typed = (TValue[])values;
            return (ref TValue value) => value = typed[_position];
        }
    }
}
