using System.Text;

namespace MLNet.Backprop.Quality.DataSets;

/// <summary>
/// A CSV file read into memory: the header, each record's fields (quotes removed) and each record's raw line, so
/// that subsets of the rows can be handed to ML.NET's <c>TextLoader</c> unchanged. One record per line (no line
/// breaks inside quotes), comma-separated, <c>""</c> inside quotes for a quote.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(string[] header, string headerLine, List<string[]> rows, List<string> lines)
    {
        Header = header;
        HeaderLine = headerLine;
        Rows = rows;
        Lines = lines;
    }

    /// <summary>Column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The header exactly as in the file.</summary>
    public string HeaderLine { get; }

    /// <summary>Each record's fields, unquoted.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Each record exactly as in the file (without its line break).</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">A record is malformed (the message names the file and line).</exception>
    public static CsvTable Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses CSV text with a header row; blank lines are skipped.</summary>
    /// <exception cref="InvalidDataException">No header, an unbalanced quote or a record with the wrong field count.</exception>
    public static CsvTable Parse(string text)
    {
        var lines = text.Split('\n');
        string[]? header = null;
        string headerLine = "";
        var rows = new List<string[]>();
        var records = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            var fields = SplitFields(line, i + 1);
            if (header is null)
            {
                header = fields;
                headerLine = line;
                continue;
            }
            if (fields.Length != header.Length)
                throw new InvalidDataException($"line {i + 1} has {fields.Length} fields; the header has {header.Length}.");
            rows.Add(fields);
            records.Add(line);
        }
        if (header is null) throw new InvalidDataException("no header row.");
        return new CsvTable(header, headerLine, rows, records);
    }

    /// <summary>The distinct non-empty values of column <paramref name="column"/>, ordinal order.</summary>
    public IReadOnlyList<string> DistinctValues(int column) =>
        [.. Rows.Select(r => r[column].Trim()).Where(v => v.Length > 0).Distinct().Order(StringComparer.Ordinal)];

    private static string[] SplitFields(string line, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted) throw new InvalidDataException($"line {lineNumber} has an unbalanced quote.");
        fields.Add(field.ToString());
        return [.. fields];
    }
}
