using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Onnx.Tests.TestSupport;

/// <summary>Reads one column of a data view as a flat array (vectors row after row; Boolean as 0/1, keys as numbers).</summary>
internal static class Columns
{
    public static float[] Floats(IDataView data, string name)
    {
        var column = data.Schema[name];
        var values = new List<float>();
        using var cursor = data.GetRowCursor([column]);
        var type = column.Type is VectorDataViewType v ? v.ItemType : column.Type;
        bool vector = column.Type is VectorDataViewType;
        if (type == NumberDataViewType.Single)
            Read<float>(cursor, column, vector, values, x => x);
        else if (type == BooleanDataViewType.Instance)
            Read<bool>(cursor, column, vector, values, x => x ? 1f : 0f);
        else if (type is KeyDataViewType { RawType: var raw } && raw == typeof(byte))
            Read<byte>(cursor, column, vector, values, x => x);
        else if (type is KeyDataViewType { RawType: var raw16 } && raw16 == typeof(ushort))
            Read<ushort>(cursor, column, vector, values, x => x);
        else if (type is KeyDataViewType { RawType: var raw64 } && raw64 == typeof(ulong))
            Read<ulong>(cursor, column, vector, values, x => x);
        else if (type is KeyDataViewType)
            Read<uint>(cursor, column, vector, values, x => x);
        else
            throw new NotSupportedException($"{name}: {column.Type}");
        return [.. values];
    }

    /// <summary>A scalar uint64 key column's values, exactly.</summary>
    public static ulong[] UInt64s(IDataView data, string name)
    {
        var column = data.Schema[name];
        var values = new List<ulong>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<ulong>(column);
        ulong value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            values.Add(value);
        }
        return [.. values];
    }

    public static string[] Strings(IDataView data, string name)
    {
        var column = data.Schema[name];
        var values = new List<string>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            values.Add(value.ToString());
        }
        return [.. values];
    }

    public static double MaxAbsDifference(float[] a, float[] b)
    {
        a.Length.ShouldBe(b.Length);
        double max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        return max;
    }

    private static void Read<T>(DataViewRowCursor cursor, DataViewSchema.Column column, bool vector, List<float> values, Func<T, float> convert)
    {
        if (vector)
        {
            var getter = cursor.GetGetter<VBuffer<T>>(column);
            VBuffer<T> buffer = default;
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                foreach (var x in buffer.DenseValues()) values.Add(convert(x));
            }
        }
        else
        {
            var getter = cursor.GetGetter<T>(column);
            T value = default!;
            while (cursor.MoveNext())
            {
                getter(ref value);
                values.Add(convert(value));
            }
        }
    }
}
