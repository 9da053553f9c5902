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

    /// <summary>The first key (0-based) whose name differs between <paramref name="a"/> and <paramref name="b"/>, over
    /// the keys both name (the shorter list's length); −1 when they agree there.</summary>
    public static int FirstDifference(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++) if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) return i;
        return -1;
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
