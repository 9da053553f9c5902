using System.Globalization;

namespace MLNet.Backprop.Quality.DataSets;

/// <summary>Short descriptions of a set's shape, for the report and <c>--describe</c>.</summary>
public static class SetDescription
{
    /// <summary>"214 rows; 9 num + 0 cat" (a fixed split: "5642 + 1401 rows; ...").</summary>
    public static string Short(DataSetLayout layout, int rows, int? testRows) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{rows}{(testRows is { } t ? $" + {t}" : "")} rows; {layout.Numeric.Count} num + {layout.Categorical.Count} cat{(layout.Text.Count > 0 ? $" + {layout.Text.Count} text" : "")}");

    /// <summary>The label, its classes and every column's kind and missing count.</summary>
    public static string Long(DataSetLayout layout, int rows)
    {
        var info = layout.Info;
        var lines = new List<string>
        {
            $"{info.Name}: {info.Task.ToString().ToLowerInvariant()}, {rows} rows, label '{layout.LabelName}'"
                + (info.Task == TaskKind.Regression ? "" : $" ({layout.Classes.Count} classes: {string.Join(", ", layout.Classes.Take(30))}{(layout.Classes.Count > 30 ? ", ..." : "")})")
                + (info.PositiveClass is { } p ? $", true = '{p}'" : ""),
            $"  {layout.Numeric.Count} numeric, {layout.Categorical.Count} categorical, {layout.Columns.Count(c => c.Kind == ColumnKind.Ignored)} ignored; {layout.Columns.Sum(c => c.Missing)} empty cells",
        };
        foreach (var kind in new[] { ColumnKind.Numeric, ColumnKind.Categorical, ColumnKind.Text, ColumnKind.Ignored })
        {
            var columns = layout.Columns.Where(c => c.Kind == kind).ToList();
            if (columns.Count > 0)
                lines.Add($"  {kind.ToString().ToLowerInvariant()}: {string.Join(", ", columns.Select(c => c.Missing > 0 ? $"{c.Name} ({c.Missing} empty)" : c.Name))}");
        }
        return string.Join(Environment.NewLine, lines);
    }
}
