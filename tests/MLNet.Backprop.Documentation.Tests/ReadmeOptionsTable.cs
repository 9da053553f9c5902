using System.Text.RegularExpressions;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>The README's table of <c>BackpropTrainer.Options</c> (section "Options"): each option the first column
/// names with the default the second column gives it, and the "`Option` value" defaults the third column states in
/// passing (the schedule's step size, say).</summary>
public static partial class ReadmeOptionsTable
{
    /// <param name="Option">The property's name.</param>
    /// <param name="Default">The default as written (e.g. "`null` (automatic: …)").</param>
    /// <param name="Line">The README line of the row.</param>
    /// <param name="Range">The third column's part for this option ("[0, 1)", "finite > 0: …"), or null where the row
    /// gives its options fewer parts than names and one text for several makes exceptions.</param>
    public sealed record Entry(string Option, string Default, int Line, string? Range = null)
    {
        public override string ToString() => $"{Option} (README.md line {Line})";
    }

    public static IReadOnlyList<Entry> Rows() => Read().Rows;

    /// <summary>"`ScheduleStepSize` 10" in a row's third column.</summary>
    public static IReadOnlyList<Entry> InPassing() => Read().InPassing;

    private static (List<Entry> Rows, List<Entry> InPassing) Read()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"));
        int heading = Array.IndexOf(lines, "## Options");
        if (heading < 0) throw new InvalidDataException("README.md has no \"## Options\" section");
        int header = Array.FindIndex(lines, heading, l => l.StartsWith("| Option | Default |", StringComparison.Ordinal));
        if (header < 0) throw new InvalidDataException("README.md's \"Options\" section has no \"| Option | Default |\" table");
        var rows = new List<Entry>();
        var inPassing = new List<Entry>();
        for (int i = header + 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            var cells = Cells(lines[i]);
            if (cells.Count != 3) throw new InvalidDataException($"README.md line {i + 1}: {cells.Count} cells, the table has 3");
            char separator = cells[0].Contains(" / ") ? '/' : ',';
            var names = Backticked().Matches(cells[0]).Select(m => m.Groups[1].Value).ToList();
            var defaults = DocumentedDefault.SplitTopLevel(cells[1], separator);
            if (defaults.Count == 1) defaults = [.. names.Select(_ => defaults[0])];
            if (defaults.Count != names.Count)
                throw new InvalidDataException($"README.md line {i + 1}: {names.Count} options ({string.Join(", ", names)}) but {defaults.Count} defaults");
            var ranges = DocumentedDefault.SplitTopLevel(cells[2], separator);
            // One text for several options ("finite > 0" for both clip options) is theirs, unless it makes an exception
            // for one of them in parentheses ("[0, 1) (ε: finite > 0)").
            if (ranges.Count != names.Count) ranges = names.Count == 1 || (ranges.Count == 1 && !cells[2].Contains('(')) ? [.. names.Select(_ => cells[2])] : [.. names.Select(_ => (string)null!)];
            rows.AddRange(names.Select((n, k) => new Entry(n, DocumentedDefault.BeforeRemark(defaults[k]), i + 1, ranges[k]?.Trim())));
            inPassing.AddRange(ValueInPassing().Matches(cells[2]).Select(m => new Entry(m.Groups[1].Value, m.Groups[2].Value, i + 1)));
        }
        return (rows, inPassing);
    }

    /// <summary>A row's cells, "\|" being a pipe inside a cell.</summary>
    private static List<string> Cells(string row)
    {
        var cells = Regex.Split(row.Trim().Trim('|'), @"(?<!\\)\|").Select(c => c.Trim()).ToList();
        return cells;
    }

    [GeneratedRegex(@"`([A-Za-z][A-Za-z0-9]*)`")]
    private static partial Regex Backticked();

    /// <summary>"`Name` 10," or "`Name` 0.5;" : an option and a number right after it.</summary>
    [GeneratedRegex(@"`([A-Z][A-Za-z]+)` (-?[0-9][0-9.e-]*)(?=[,;)])")]
    private static partial Regex ValueInPassing();
}
