using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Integration.Schema;

/// <summary>
/// The names of a key column's values, as text, whatever their type: <c>MapValueToKey</c> on a text column gives text
/// key values, on a <c>Single</c> column (ML.NET's own samples do that for digit labels) numbers, and so on. Numbers
/// and dates are written with the invariant culture (1 → "1", 0.5 → "0.5").
/// </summary>
internal static class KeyNames
{
    private static readonly MethodInfo ReadMethod = typeof(KeyNames).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The text form of each of <paramref name="column"/>'s key values, in key order; null when it has none, or
    /// when they are not one per key of the column's type (<paramref name="count"/> values).</summary>
    public static string[]? Of(DataViewSchema.Column column, int count)
    {
        if (column.Annotations.Schema.GetColumnOrNull(ScoreColumnNames.KeyValues) is not { Type: VectorDataViewType vector }) return null;
        var names = (string[])ReadMethod.MakeGenericMethod(vector.ItemType.RawType).Invoke(null, [column])!;
        return names.Length == count ? names : null;
    }

    private static string[] Read<T>(DataViewSchema.Column column)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(ScoreColumnNames.KeyValues, ref values);
        return [.. values.DenseValues().Select(Text)];
    }

    private static string Text<T>(T value) => value switch
    {
        ReadOnlyMemory<char> text => text.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        null => "",
        _ => value.ToString() ?? "",
    };
}
