using System.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Integration.Data;

/// <summary>
/// Reads a label column as the trainer sees it, one value per row: 0/1 for a Boolean (binary), the 0-based class index
/// of a key of any raw type, NaN for a missing key (multiclass), the value for a Single (regression, NaN = missing).
/// The one reader of labels: the training cursor and the tuner's stratified folds both use it.
/// </summary>
internal static class LabelReader
{
    /// <summary>A getter of the current row's label for <paramref name="task"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A key label of a raw type ML.NET does not define for keys.</exception>
    public static Func<float> Create(DataViewRow cursor, DataViewSchema.Column label, BackpropTask task)
    {
        switch (task)
        {
            case BackpropTask.BinaryClassification:
            {
                var getter = cursor.GetGetter<bool>(label);
                bool value = false;
                return () => { getter(ref value); return value ? 1f : 0f; };
            }
            case BackpropTask.MulticlassClassification:
                // A key's raw type may be any of ML.NET's four; the getter must ask for exactly that type.
                return label.Type.RawType switch
                {
                    var t when t == typeof(byte) => KeyReader<byte>(cursor, label),
                    var t when t == typeof(ushort) => KeyReader<ushort>(cursor, label),
                    var t when t == typeof(uint) => KeyReader<uint>(cursor, label),
                    var t when t == typeof(ulong) => KeyReader<ulong>(cursor, label),
                    var t => throw new ArgumentOutOfRangeException(Schema.ColumnRoles.Label,
                        $"Label column '{label.Name}' is a key of raw type {t.Name}; expected Byte, UInt16, UInt32 or UInt64."),
                };
            default:
            {
                var getter = cursor.GetGetter<float>(label);
                float value = 0;
                return () => { getter(ref value); return value; };
            }
        }
    }

    /// <summary>Keys are 1-based with 0 for missing: returns the 0-based class index, NaN for a missing key.</summary>
    private static Func<float> KeyReader<T>(DataViewRow cursor, DataViewSchema.Column label) where T : struct, IBinaryInteger<T>
    {
        var getter = cursor.GetGetter<T>(label);
        T value = default;
        return () =>
        {
            getter(ref value);
            ulong key = ulong.CreateTruncating(value);
            return key == 0 ? float.NaN : key - 1;
        };
    }
}
