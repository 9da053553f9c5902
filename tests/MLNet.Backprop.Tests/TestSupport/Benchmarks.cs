using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>The first rows of one of the shared benchmark CSVs (../shared/data/benchmarks, beside the Telco data),
/// numbers in their natural units: Features (the named numeric columns, an empty field NaN), Value (a numeric label),
/// Label (a text label equal to the positive class) and Category (one text column, for an embedding).</summary>
internal static class Benchmarks
{
    public sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Value { get; set; }
        public bool Label { get; set; }
        public string Category { get; set; } = "";
    }

    public static string? Directory { get; } = Telco.Directory is { } telco ? Path.GetFullPath(Path.Combine(telco, "..", "benchmarks")) : null;

    public static string SkipReason => "Benchmark CSVs not found (looked for ../shared/data/benchmarks beside the Telco data).";

    /// <summary>Rows <paramref name="skip"/>.. of <paramref name="set"/>, at most <paramref name="count"/>.</summary>
    public static List<Row> Rows(string set, string[] features, string label, int count, int skip = 0, string? positive = null, string? category = null)
    {
        var lines = File.ReadLines(Path.Combine(Directory!, set + ".csv"));
        string[] header = Split(lines.First());
        int[] columns = features.Select(f => Index(header, f)).ToArray();
        int labelColumn = Index(header, label), categoryColumn = category is null ? -1 : Index(header, category);
        return lines.Skip(1 + skip).Take(count).Select(Split).Select(fields => new Row
        {
            Features = columns.Select(c => Number(fields[c])).ToArray(),
            Value = positive is null ? Number(fields[labelColumn]) : 0,
            Label = fields[labelColumn] == positive,
            Category = categoryColumn < 0 ? "" : fields[categoryColumn],
        }).ToList();
    }

    /// <summary>The rows as a data view whose Features vector has the width of <paramref name="features"/>.</summary>
    public static IDataView Load(MLContext ml, IEnumerable<Row> rows, int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static int Index(string[] header, string name) =>
        Array.IndexOf(header, name) is var i and >= 0 ? i : throw new ArgumentException($"no column '{name}'", nameof(name));

    // The sets' fields hold no commas; text is quoted.
    private static string[] Split(string line) => line.Split(',').Select(f => f.Trim('"')).ToArray();

    private static float Number(string field) =>
        field.Length == 0 ? float.NaN : float.Parse(field, System.Globalization.CultureInfo.InvariantCulture);
}
