using System.Globalization;

namespace MLNet.Backprop.Quality.DataSets;

/// <summary>Numeric or text, decided from the values: a column whose non-empty values all parse as numbers is numeric.</summary>
public static class ColumnTypeInference
{
    /// <summary>Whether <paramref name="value"/> (trimmed) is an invariant-culture number.</summary>
    public static bool IsNumber(string value) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Whether the value is missing: empty or blank (e.g. Telco's <c>" "</c> TotalCharges).</summary>
    public static bool IsMissing(string value) => value.Trim().Length == 0;

    /// <summary>The kind of a feature column from its values; <see cref="ColumnKind.Ignored"/> when every value is missing.</summary>
    public static ColumnKind Infer(IEnumerable<string> values)
    {
        bool any = false;
        foreach (var value in values)
        {
            if (IsMissing(value)) continue;
            if (!IsNumber(value)) return ColumnKind.Categorical;
            any = true;
        }
        return any ? ColumnKind.Numeric : ColumnKind.Ignored;
    }
}
