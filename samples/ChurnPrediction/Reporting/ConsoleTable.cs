using System.Globalization;

namespace ChurnPrediction.Reporting;

/// <summary>A plain-text table with aligned columns: text left-aligned, numbers right-aligned. Also valid Markdown,
/// so a run's output can be pasted into a README as it is.</summary>
public sealed class ConsoleTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public ConsoleTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    public void Write(TextWriter output)
    {
        int[] widths = headers.Select((h, c) => _rows.Select(r => r[c].Length).Prepend(h.Length).Max()).ToArray();
        bool[] numeric = headers.Select((_, c) => _rows.Count > 0 && _rows.All(r => IsNumber(r[c]))).ToArray();
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((cell, c) => numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))) + " |";

        output.WriteLine(Line(headers));
        output.WriteLine("|" + string.Join("|", widths.Select((w, c) => numeric[c] ? new string('-', w + 1) + ":" : new string('-', w + 2))) + "|");
        foreach (var row in _rows) output.WriteLine(Line(row));
    }

    // A number, optionally with a unit ("0.52 s"); customer IDs such as 7590-VHVEG are text.
    private static bool IsNumber(string cell) =>
        double.TryParse(cell.EndsWith(" s", StringComparison.Ordinal) ? cell[..^2] : cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
