using System.Numerics;
using Microsoft.ML;

namespace MLNet.Backprop.Integration.Data;

/// <summary>
/// Reads a categorical (key) column as an embedding looks it up: the key value itself, 1 to the key type's count, and 0
/// for a missing key. A key of any raw type ML.NET has (Byte, UInt16, UInt32, UInt64).
/// </summary>
internal static class KeyColumnReader
{
    /// <summary>A getter of the current row's key value (0 = missing; values beyond <see cref="int.MaxValue"/> read as 0).</summary>
    public static Func<int> Create(DataViewRow row, DataViewSchema.Column column) => column.Type.RawType switch
    {
        var t when t == typeof(byte) => Reader<byte>(row, column),
        var t when t == typeof(ushort) => Reader<ushort>(row, column),
        var t when t == typeof(uint) => Reader<uint>(row, column),
        var t when t == typeof(ulong) => Reader<ulong>(row, column),
        var t => throw new ArgumentOutOfRangeException(Schema.ColumnRoles.Categorical,
            $"Categorical column '{column.Name}' is a key of raw type {t.Name}; expected Byte, UInt16, UInt32 or UInt64."),
    };

    private static Func<int> Reader<T>(DataViewRow row, DataViewSchema.Column column) where T : struct, IBinaryInteger<T>
    {
        var getter = row.GetGetter<T>(column);
        T value = default;
        return () =>
        {
            getter(ref value);
            ulong key = ulong.CreateTruncating(value);
            return key <= int.MaxValue ? (int)key : 0;
        };
    }
}
